/* The rule editor: builds a RULES.md rule tree in a form, keeps its JSON in step, validates and
   previews it through the policies API as the planner types. No inline script (CSP): the page
   passes its data with json_script ("rule-editor-config"). */
(function () {
  "use strict";

  var config, T, fieldsByName, regionsByCode, industryLabels;
  var root; // the UI tree: {type: all|any|not|condition|raw, children, child, field, op, value, raw}
  var els = {};
  var validateTimer = null;
  var previewTimer = null;
  var jsonTimer = null;
  var requestSeq = 0;
  var previewSeq = 0;
  var lastValid = false;

  var LIST_OPS = { in: 1, not_in: 1, contains_any: 1, contains_all: 1 };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fmt(text, value) {
    return text.replace("%s", value);
  }

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try {
      return JSON.parse(headers)["X-CSRFToken"];
    } catch (e) {
      var match = document.cookie.match(/csrftoken=([^;]+)/);
      return match ? match[1] : "";
    }
  }

  function api(url, body) {
    return fetch(url, {
      method: body === undefined ? "GET" : "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  /* ---- the model: RULES.md JSON ⇄ UI tree ---------------------------------------------- */

  function valueKind(op) {
    var spec = config.operators[op];
    return spec ? spec.value_kind : "one";
  }

  function fromJson(rule) {
    if (rule && typeof rule === "object" && !Array.isArray(rule)) {
      var keys = Object.keys(rule);
      if (keys.length === 1 && (keys[0] === "all" || keys[0] === "any") && Array.isArray(rule[keys[0]])) {
        return { type: keys[0], children: rule[keys[0]].map(fromJson) };
      }
      if (keys.length === 1 && keys[0] === "not") {
        return { type: "not", child: fromJson(rule.not) };
      }
      var onlyCondition = keys.every(function (k) {
        return k === "field" || k === "op" || k === "value";
      });
      if (onlyCondition && fieldsByName[rule.field] && config.operators[rule.op]) {
        return { type: "condition", field: rule.field, op: rule.op, value: rule.value };
      }
    }
    return { type: "raw", raw: rule };
  }

  function toJson(node) {
    if (node.type === "all" || node.type === "any") {
      var out = {};
      out[node.type] = node.children.map(toJson);
      return out;
    }
    if (node.type === "not") return { not: toJson(node.child) };
    if (node.type === "raw") return node.raw;
    var condition = { field: node.field, op: node.op };
    if (valueKind(node.op) !== "none") condition.value = node.value === undefined ? null : node.value;
    return condition;
  }

  function newCondition() {
    var field = config.fields[0];
    return { type: "condition", field: field.name, op: field.ops[0], value: emptyValue(field, field.ops[0]) };
  }

  function emptyValue(field, op) {
    var kind = valueKind(op);
    if (kind === "none") return undefined;
    if (kind === "range") return [null, null];
    if (kind === "list") return [];
    if (kind === "one_or_list") return [];
    return null;
  }

  /* Keep what the planner picked when the operator changes shape (one ⇄ list ⇄ range). */
  function reshape(value, op) {
    var kind = valueKind(op);
    var items = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
    items = items.filter(function (item) {
      return item !== null && item !== "";
    });
    if (kind === "none") return undefined;
    if (kind === "range") return [items[0] === undefined ? null : items[0], items[1] === undefined ? null : items[1]];
    if (kind === "list" || kind === "one_or_list") return items;
    return items.length ? items[0] : null;
  }

  /* ---- paths, the same as the validator's ("all[2].any[0].value") ------------------------ */

  function childPath(parent, key, index) {
    var part = index === undefined ? key : key + "[" + index + "]";
    return parent ? parent + "." + part : part;
  }

  /* ---- rendering ------------------------------------------------------------------------- */

  function render() {
    els.tree.textContent = "";
    els.tree.appendChild(renderNode(root, "", null, 0));
    sync();
  }

  function changed() {
    sync();
    scheduleValidate();
  }

  function sync() {
    var rule = toJson(root);
    var text = JSON.stringify(rule, null, 2);
    els.hidden.value = JSON.stringify(rule);
    if (document.activeElement !== els.json) {
      els.json.value = text;
      els.json.classList.remove("is-invalid");
      els.jsonFeedback.textContent = "";
    }
  }

  function toolButton(icon, label, handler, testid) {
    return el(
      "button",
      {
        type: "button",
        className: "btn btn-sm btn-link text-secondary px-1",
        title: label,
        "aria-label": label,
        "data-testid": testid,
        onclick: function (event) {
          event.preventDefault();
          handler();
        },
      },
      [el("i", { className: "bi " + icon })]
    );
  }

  /* Buttons every node has: move within its parent group, negate / unwrap, remove. */
  function nodeTools(node, parent, first) {
    var tools = el("div", { className: "qs-rule-tools ms-auto d-flex align-items-center" });
    if (first) tools.appendChild(first);
    if (parent && (parent.type === "all" || parent.type === "any")) {
      var siblings = parent.children;
      var index = siblings.indexOf(node);
      if (index > 0)
        tools.appendChild(
          toolButton("bi-arrow-up", T.move_up, function () {
            siblings.splice(index, 1);
            siblings.splice(index - 1, 0, node);
            render();
            scheduleValidate();
          }, "move-up")
        );
      if (index < siblings.length - 1)
        tools.appendChild(
          toolButton("bi-arrow-down", T.move_down, function () {
            siblings.splice(index, 1);
            siblings.splice(index + 1, 0, node);
            render();
            scheduleValidate();
          }, "move-down")
        );
    }
    if (node.type !== "not")
      tools.appendChild(
        toolButton("bi-slash-circle", T.negate, function () {
          replace(node, parent, { type: "not", child: node });
        }, "negate")
      );
    if (parent)
      tools.appendChild(
        toolButton("bi-x-lg", T.remove, function () {
          if (parent.type === "not") replace(parent, findParent(root, parent), newGroupOrCondition());
          else parent.children.splice(parent.children.indexOf(node), 1);
          render();
          scheduleValidate();
        }, "remove")
      );
    return tools;
  }

  function newGroupOrCondition() {
    return newCondition();
  }

  function findParent(tree, target) {
    if (tree.type === "all" || tree.type === "any") {
      for (var i = 0; i < tree.children.length; i++) {
        if (tree.children[i] === target) return tree;
        var found = findParent(tree.children[i], target);
        if (found) return found;
      }
    } else if (tree.type === "not") {
      if (tree.child === target) return tree;
      return findParent(tree.child, target);
    }
    return null;
  }

  function replace(node, parent, replacement) {
    if (!parent) root = replacement;
    else if (parent.type === "not") parent.child = replacement;
    else parent.children[parent.children.indexOf(node)] = replacement;
    render();
    scheduleValidate();
  }

  function errorHolder(path) {
    return el("div", { className: "qs-rule-errors", "data-path": path });
  }

  function renderNode(node, path, parent, depth) {
    if (node.type === "all" || node.type === "any") return renderGroup(node, path, parent, depth);
    if (node.type === "not") return renderNot(node, path, parent, depth);
    if (node.type === "raw") return renderRaw(node, path, parent);
    return renderCondition(node, path, parent);
  }

  function renderGroup(node, path, parent, depth) {
    var kind = el(
      "select",
      {
        className: "form-select form-select-sm w-auto fw-semibold",
        "aria-label": T.all,
        "data-testid": "group-kind",
        onchange: function (event) {
          node.type = event.target.value;
          render();
          scheduleValidate();
        },
      },
      ["all", "any"].map(function (type) {
        return el("option", { value: type, selected: node.type === type, text: T[type] });
      })
    );
    var header = el("div", { className: "qs-rule-group-head d-flex align-items-center gap-2" }, [
      kind,
      nodeTools(node, parent),
    ]);
    var list = el("div", { className: "qs-rule-children" });
    node.children.forEach(function (child, index) {
      list.appendChild(renderNode(child, childPath(path, node.type, index), node, depth + 1));
    });
    if (!node.children.length) list.appendChild(el("div", { className: "qs-rule-empty small text-secondary", text: T.empty_group }));
    var add = el("div", { className: "d-flex gap-2 mt-2" }, [
      el("button", {
        type: "button",
        className: "btn btn-sm btn-outline-primary",
        "data-testid": "add-condition",
        onclick: function () {
          node.children.push(newCondition());
          render();
          scheduleValidate();
        },
      }, [el("i", { className: "bi bi-plus-lg me-1" }), T.add_condition]),
      el("button", {
        type: "button",
        className: "btn btn-sm btn-outline-secondary",
        "data-testid": "add-group",
        onclick: function () {
          node.children.push({ type: node.type === "all" ? "any" : "all", children: [newCondition()] });
          render();
          scheduleValidate();
        },
      }, [el("i", { className: "bi bi-diagram-2 me-1" }), T.add_group]),
    ]);
    return el("div", { className: "qs-rule-group qs-rule-" + node.type + " qs-depth-" + (depth % 4), "data-node-path": path }, [
      header,
      errorHolder(path),
      list,
      add,
    ]);
  }

  function renderNot(node, path, parent, depth) {
    var head = el("div", { className: "qs-rule-group-head d-flex align-items-center gap-2" }, [
      el("span", { className: "badge text-bg-danger-subtle text-danger-emphasis border border-danger-subtle", text: T.not }),
      nodeTools(
        node,
        parent,
        toolButton("bi-arrow-counterclockwise", T.unwrap, function () {
          replace(node, parent, node.child);
        }, "unwrap")
      ),
    ]);
    return el("div", { className: "qs-rule-group qs-rule-not", "data-node-path": path }, [
      head,
      errorHolder(path),
      el("div", { className: "qs-rule-children" }, [renderNode(node.child, childPath(path, "not"), node, depth + 1)]),
    ]);
  }

  function renderRaw(node, path, parent) {
    return el("div", { className: "qs-rule-condition qs-rule-raw", "data-node-path": path }, [
      el("div", { className: "d-flex align-items-center gap-2" }, [
        el("span", { className: "small text-secondary", text: T.raw }),
        nodeTools(node, parent),
      ]),
      el("code", { className: "d-block small", text: JSON.stringify(node.raw) }),
      errorHolder(path),
    ]);
  }

  function renderCondition(node, path, parent) {
    var field = fieldsByName[node.field];
    var fieldSelect = el(
      "select",
      {
        className: "form-select form-select-sm",
        "aria-label": T.field,
        "data-testid": "field",
        onchange: function (event) {
          var next = fieldsByName[event.target.value];
          node.field = next.name;
          if (next.ops.indexOf(node.op) < 0) node.op = next.ops[0];
          node.value = emptyValue(next, node.op);
          render();
          scheduleValidate();
        },
      },
      config.fields.map(function (f) {
        return el("option", { value: f.name, selected: f.name === node.field, text: f.label });
      })
    );
    var opSelect = el(
      "select",
      {
        className: "form-select form-select-sm",
        "aria-label": T.operator,
        "data-testid": "op",
        onchange: function (event) {
          node.op = event.target.value;
          node.value = reshape(node.value, node.op);
          render();
          scheduleValidate();
        },
      },
      field.ops.map(function (op) {
        return el("option", { value: op, selected: op === node.op, text: config.operators[op].label });
      })
    );
    var row = el("div", { className: "qs-rule-row d-flex flex-wrap align-items-start gap-2" }, [
      el("div", { className: "qs-rule-field" }, [fieldSelect]),
      el("div", { className: "qs-rule-op" }, [opSelect]),
      el("div", { className: "qs-rule-value flex-grow-1" }, [valueInput(node, field)]),
      nodeTools(node, parent),
    ]);
    return el("div", { className: "qs-rule-condition", "data-node-path": path, "data-testid": "condition" }, [
      row,
      errorHolder(path),
    ]);
  }

  /* ---- value inputs: the right one for the field and the operator ------------------------ */

  function valueInput(node, field) {
    var kind = valueKind(node.op);
    if (kind === "none") return el("span", { className: "form-text d-block mt-1", text: T.no_value });
    if (kind === "range") {
      return el("div", { className: "qs-rule-range d-flex align-items-center gap-2" }, [
        scalarInput(node, field, 0),
        el("span", { className: "text-secondary small", text: T.to }),
        scalarInput(node, field, 1),
      ]);
    }
    if (field.kind === "int" || field.kind === "number" || field.kind === "date") return scalarInput(node, field);
    var multiple = kind === "list" || kind === "one_or_list";
    return picker(node, field, multiple);
  }

  function scalarInput(node, field, index) {
    var isDate = field.kind === "date";
    var current = index === undefined ? node.value : (node.value || [])[index];
    var input = el("input", {
      type: isDate ? "date" : "number",
      className: "form-control form-control-sm",
      step: field.kind === "int" ? "1" : "any",
      min: isDate ? null : "0",
      value: current === null || current === undefined ? "" : String(current),
      "aria-label": field.label,
      "data-testid": "value" + (index === undefined ? "" : "-" + index),
    });
    input.addEventListener("input", function () {
      var raw = input.value;
      var parsed = raw === "" ? null : isDate ? raw : field.kind === "int" ? Number(raw) : Number(raw);
      if (!isDate && raw !== "" && isNaN(parsed)) parsed = raw;
      if (index === undefined) node.value = parsed;
      else {
        if (!Array.isArray(node.value)) node.value = [null, null];
        node.value[index] = parsed;
      }
      changed();
    });
    if (field.unit && !isDate) {
      return el("div", { className: "input-group input-group-sm qs-rule-number" }, [
        input,
        el("span", { className: "input-group-text", text: field.unit }),
      ]);
    }
    return input;
  }

  function labelOf(field, value) {
    if (field.kind === "region") {
      var region = regionsByCode[value];
      return region ? region.name : value;
    }
    if (field.kind === "industry") {
      return industryLabels[value] ? value + " " + industryLabels[value] : value;
    }
    for (var i = 0; i < field.choices.length; i++) {
      if (field.choices[i][0] === value) return field.choices[i][1];
    }
    return String(value);
  }

  /* Options for a query, as a promise of [{value, label, hint}]. */
  function source(field, query) {
    var q = (query || "").trim().toLowerCase();
    if (field.kind === "region") {
      var matches = config.regions.filter(function (r) {
        return !q || r.name.toLowerCase().indexOf(q) >= 0 || r.code.indexOf(q) === 0;
      });
      if (!q) matches = matches.filter(function (r) { return r.level !== "county"; });
      return Promise.resolve(
        matches.slice(0, 40).map(function (r) {
          var parent = regionsByCode[r.parent];
          var hint = r.level === "province" ? T.province : parent && parent.level === "city" ? parent.name : "";
          return { value: r.code, label: r.name, hint: r.code + (hint ? " · " + hint : "") };
        })
      );
    }
    if (field.kind === "industry") {
      return fetch(config.urls.industries + "?q=" + encodeURIComponent(query || ""), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.json(); })
        .then(function (items) {
          return (Array.isArray(items) ? items : []).map(function (item) {
            industryLabels[item.code] = item.name;
            return { value: item.code, label: item.code + " " + item.name, hint: item.level_label || "" };
          });
        });
    }
    return Promise.resolve(
      field.choices
        .filter(function (c) {
          return !q || c[1].toLowerCase().indexOf(q) >= 0 || String(c[0]).toLowerCase().indexOf(q) >= 0;
        })
        .map(function (c) { return { value: c[0], label: c[1], hint: c[0] === c[1] ? "" : c[0] }; })
    );
  }

  /* A search box with a drop-down of options; picked values show as chips. */
  function picker(node, field, multiple) {
    var values = multiple ? (Array.isArray(node.value) ? node.value : node.value ? [node.value] : []) : node.value ? [node.value] : [];
    var wrap = el("div", { className: "qs-picker position-relative" });
    var chips = el("div", { className: "qs-chips d-flex flex-wrap gap-1" });
    var placeholder = field.kind === "region" ? T.search_region : field.kind === "industry" ? T.search_industry : T.search_value;
    var input = el("input", {
      type: "search",
      className: "form-control form-control-sm qs-picker-input",
      placeholder: placeholder,
      autocomplete: "off",
      "aria-label": field.label,
      "data-testid": "picker",
    });
    var menu = el("div", { className: "dropdown-menu qs-picker-menu", role: "listbox" });
    var seq = 0;

    function store(next) {
      if (multiple) {
        node.value = valueKind(node.op) === "one_or_list" && next.length === 1 ? next[0] : next;
      } else {
        node.value = next.length ? next[next.length - 1] : null;
      }
      drawChips();
      changed();
    }

    function drawChips() {
      chips.textContent = "";
      values.forEach(function (value) {
        chips.appendChild(
          el("span", { className: "badge qs-chip", "data-value": value }, [
            labelOf(field, value),
            el("button", {
              type: "button",
              className: "btn-close btn-close-sm ms-1",
              "aria-label": T.remove,
              onclick: function () {
                values = values.filter(function (v) { return v !== value; });
                store(values);
              },
            }),
          ])
        );
      });
    }

    function pick(value) {
      if (multiple) {
        if (values.indexOf(value) < 0) values = values.concat([value]);
      } else values = [value];
      input.value = "";
      menu.classList.remove("show");
      store(values);
      if (multiple) input.focus();
    }

    function open() {
      var mine = ++seq;
      var query = input.value;
      source(field, query).then(function (items) {
        if (mine !== seq) return;
        menu.textContent = "";
        items
          .filter(function (item) { return values.indexOf(item.value) < 0; })
          .forEach(function (item) {
            menu.appendChild(
              el("button", {
                type: "button",
                className: "dropdown-item d-flex justify-content-between gap-3",
                role: "option",
                "data-value": item.value,
                onmousedown: function (event) {
                  event.preventDefault();
                  pick(item.value);
                },
              }, [el("span", { text: item.label }), el("small", { className: "text-secondary", text: item.hint })])
            );
          });
        var free = query.trim();
        var freeAllowed = field.kind === "set" && !field.closed;
        if (freeAllowed && free && !items.some(function (item) { return item.value === free; })) {
          menu.appendChild(
            el("button", {
              type: "button",
              className: "dropdown-item fst-italic",
              onmousedown: function (event) {
                event.preventDefault();
                pick(free);
              },
              text: fmt(T.use_value, free),
            })
          );
        }
        if (!menu.childNodes.length) menu.appendChild(el("span", { className: "dropdown-item-text small text-secondary", text: T.no_match }));
        menu.classList.add("show");
      }).catch(function () {});
    }

    var timer = null;
    input.addEventListener("focus", open);
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(open, field.kind === "industry" ? 250 : 0);
    });
    input.addEventListener("blur", function () {
      window.setTimeout(function () { menu.classList.remove("show"); }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = menu.querySelector("[data-value]");
        if (first) pick(first.getAttribute("data-value"));
      } else if (event.key === "Escape") menu.classList.remove("show");
      else if (event.key === "Backspace" && !input.value && values.length) {
        values = values.slice(0, -1);
        store(values);
      }
    });
    drawChips();
    wrap.appendChild(chips);
    wrap.appendChild(input);
    wrap.appendChild(menu);
    return wrap;
  }

  /* ---- validation and preview ------------------------------------------------------------ */

  function scheduleValidate() {
    window.clearTimeout(validateTimer);
    els.status.className = "qs-rule-status text-secondary small";
    els.status.textContent = T.checking;
    validateTimer = window.setTimeout(validate, 300);
  }

  function validate() {
    var mine = ++requestSeq;
    api(config.urls.validate, { rule: toJson(root) })
      .then(function (answer) {
        if (mine !== requestSeq) return;
        if (answer.status !== 200) throw new Error(String(answer.status));
        showValidation(answer.data);
      })
      .catch(function () {
        if (mine !== requestSeq) return;
        els.status.className = "qs-rule-status text-danger small";
        els.status.textContent = T.request_failed;
      });
  }

  function holderFor(path) {
    /* The deepest node whose path starts the error's path: "all[1].value" → the condition all[1]. */
    var best = null;
    var bestLength = -1;
    els.tree.querySelectorAll(".qs-rule-errors").forEach(function (holder) {
      var nodePath = holder.getAttribute("data-path");
      var fits =
        nodePath === "" ||
        path === nodePath ||
        path.indexOf(nodePath + ".") === 0 ||
        path.indexOf(nodePath + "[") === 0;
      if (fits && nodePath.length > bestLength) {
        best = holder;
        bestLength = nodePath.length;
      }
    });
    return best;
  }

  function showValidation(data) {
    els.tree.querySelectorAll(".qs-rule-errors").forEach(function (holder) { holder.textContent = ""; });
    els.tree.querySelectorAll(".qs-has-error").forEach(function (node) { node.classList.remove("qs-has-error"); });
    els.summary.textContent = "";
    var errors = data.errors || [];
    lastValid = !!data.valid;
    errors.forEach(function (error) {
      var holder = holderFor(error.path || "");
      var line = el("div", { className: "invalid-feedback d-block", "data-testid": "rule-error", "data-error-path": error.path }, [
        el("i", { className: "bi bi-exclamation-circle me-1" }),
        error.message,
      ]);
      if (holder) {
        holder.appendChild(line);
        holder.parentElement.classList.add("qs-has-error");
      }
      els.summary.appendChild(el("li", {}, [el("code", { className: "me-1", text: error.path || "—" }), error.message]));
    });
    if (lastValid) {
      els.status.className = "qs-rule-status text-success small";
      els.status.textContent = "";
      els.status.appendChild(el("i", { className: "bi bi-check-circle-fill me-1" }));
      els.status.appendChild(document.createTextNode(T.valid));
      els.description.textContent = data.description || "";
      els.description.classList.remove("text-secondary");
      els.save.disabled = false;
      schedulePreview();
    } else {
      els.status.className = "qs-rule-status text-danger small";
      els.status.textContent = fmt(T.invalid, errors.length);
      els.description.classList.add("text-secondary");
      els.save.disabled = true;
      /* The counts shown belong to the last valid rule: grey them out until it is fixed. */
      els.preview.classList.add("qs-stale");
      els.previewStatus.textContent = T.preview_hint;
    }
  }

  function schedulePreview() {
    window.clearTimeout(previewTimer);
    if (!lastValid) return;
    previewTimer = window.setTimeout(preview, 500);
  }

  function preview() {
    var mine = ++previewSeq;
    els.preview.classList.add("qs-loading");
    els.previewStatus.textContent = T.previewing;
    api(config.urls.preview, { rule: toJson(root), as_of: els.asOf.value || config.as_of, sample: 5 })
      .then(function (answer) {
        if (mine !== previewSeq) return;
        els.preview.classList.remove("qs-loading");
        els.preview.classList.remove("qs-stale");
        els.previewStatus.textContent = "";
        if (answer.status === 200) showPreview(answer.data);
      })
      .catch(function () {
        if (mine !== previewSeq) return;
        els.preview.classList.remove("qs-loading");
        els.previewStatus.textContent = T.request_failed;
      });
  }

  function showPreview(data) {
    ["eligible", "needs_data", "ineligible"].forEach(function (outcome) {
      var box = els.preview.querySelector('[data-outcome="' + outcome + '"]');
      box.querySelector(".qs-stat-value").textContent = String(data.counts[outcome]);
      var list = box.querySelector("ul");
      list.textContent = "";
      var sample = data.samples[outcome] || [];
      sample.forEach(function (item) {
        list.appendChild(el("li", {}, [el("a", { href: item.url, target: "_blank", rel: "noopener", text: item.name })]));
      });
      if (!sample.length) list.appendChild(el("li", { className: "text-secondary", text: T.none }));
    });
    els.missing.textContent = "";
    var most = data.missing_fields.length ? data.missing_fields[0].count : 0;
    data.missing_fields.forEach(function (item) {
      var width = most ? Math.round((item.count / most) * 100) : 0;
      els.missing.appendChild(
        el("li", { className: "d-flex align-items-center gap-2 mb-1" }, [
          el("span", { className: "qs-missing-label", text: item.label }),
          el("span", { className: "progress flex-grow-1", role: "presentation" }, [
            el("span", { className: "progress-bar bg-warning", style: "width:" + width + "%" }),
          ]),
          el("span", { className: "small text-secondary qs-nowrap", text: item.count + " " + T.enterprises }),
        ])
      );
    });
    if (!data.missing_fields.length) els.missing.appendChild(el("li", { className: "text-secondary small", text: T.none }));
  }

  /* ---- the JSON view: paste JSON, the tree rebuilds --------------------------------------- */

  function onJsonInput() {
    window.clearTimeout(jsonTimer);
    jsonTimer = window.setTimeout(function () {
      var parsed;
      try {
        parsed = JSON.parse(els.json.value);
      } catch (error) {
        els.json.classList.add("is-invalid");
        els.jsonFeedback.className = "invalid-feedback d-block";
        els.jsonFeedback.textContent = fmt(T.json_invalid, error.message);
        return;
      }
      els.json.classList.remove("is-invalid");
      els.jsonFeedback.className = "form-text";
      els.jsonFeedback.textContent = T.json_applied;
      root = fromJson(parsed);
      learnIndustryLabels(parsed);
      render();
      scheduleValidate();
    }, 400);
  }

  function learnIndustryLabels(rule) {
    var codes = [];
    (function walk(node) {
      if (!node || typeof node !== "object") return;
      if (node.field === "industry") codes = codes.concat(Array.isArray(node.value) ? node.value : [node.value]);
      (node.all || []).concat(node.any || []).forEach(walk);
      if (node.not) walk(node.not);
    })(rule);
    codes = codes.filter(function (code) { return typeof code === "string" && !industryLabels[code]; });
    if (!codes.length) return;
    fetch(config.urls.industries + "?codes=" + encodeURIComponent(codes.join(",")), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (items) {
        (items || []).forEach(function (item) { industryLabels[item.code] = item.name; });
        render();
      })
      .catch(function () {});
  }

  /* ---- start ------------------------------------------------------------------------------ */

  function start() {
    var data = document.getElementById("rule-editor-config");
    var holder = document.getElementById("rule-editor");
    if (!data || !holder) return;
    config = JSON.parse(data.textContent);
    T = config.text;
    fieldsByName = {};
    config.fields.forEach(function (f) { fieldsByName[f.name] = f; });
    regionsByCode = {};
    config.regions.forEach(function (r) { regionsByCode[r.code] = r; });
    industryLabels = config.industry_labels || {};
    els = {
      tree: document.getElementById("rule-tree"),
      hidden: document.getElementById("id_rule"),
      json: document.getElementById("rule-json"),
      jsonFeedback: document.getElementById("rule-json-feedback"),
      description: document.getElementById("rule-description"),
      status: document.getElementById("rule-status"),
      summary: document.getElementById("rule-error-summary"),
      preview: document.getElementById("rule-preview"),
      previewStatus: document.getElementById("rule-preview-status"),
      missing: document.getElementById("rule-missing"),
      asOf: document.getElementById("rule-as-of"),
      save: document.getElementById("rule-save"),
    };
    var initial = config.rule;
    if (initial === null || initial === undefined) initial = { all: [toJson(newCondition())] };
    root = fromJson(initial);
    els.json.addEventListener("input", onJsonInput);
    els.asOf.addEventListener("change", schedulePreview);
    document.getElementById("rule-preview-refresh").addEventListener("click", function () {
      if (lastValid) preview();
    });
    render();
    validate();
  }

  if (document.readyState !== "loading") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
