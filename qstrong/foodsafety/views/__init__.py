"""Food-safety routine pages: the overview and gap list, an enterprise's routine, forms, issues."""
