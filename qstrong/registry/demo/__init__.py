"""Demo data: the newspaper feature's chains, towns and enterprises, demo accounts, synthetic files.

Nothing here is real registry data. Article records carry `source="article"` and say where in the
article they come from; placeholders carry `source="placeholder"`; generated enterprises carry
`source="synthetic"` and the tag `synthetic`.
"""
