/* The organizer in a browser: one small script, no build step. Every value reaches the page as text
   (textContent), never as markup. What the user saw is kept in localStorage and shown when the office server
   cannot be reached; changes are then refused with a clear word. */
"use strict";

const App = {
  lang: "en", words: {}, session: null, view: null, offline: false, live: null, liveTries: 0,
  handlers: {},  // route name -> function(params) drawing the view
};

/* ---- words ---- */

function pickLang() {
  const chosen = localStorage.getItem("lang");
  if (chosen === "ru" || chosen === "en") return chosen;
  const langs = navigator.languages || [navigator.language || "en"];
  for (const l of langs) {
    const two = String(l).slice(0, 2).toLowerCase();
    if (two === "ru" || two === "en") return two;
  }
  return "en";
}

async function loadWords(lang) {
  const key = "words-" + lang;
  try {
    const r = await fetch("/static/" + key + ".json", {credentials: "same-origin"});
    if (!r.ok) throw new Error(String(r.status));
    App.words = await r.json();
    localStorage.setItem(key, JSON.stringify(App.words));
  } catch (e) {
    App.words = JSON.parse(localStorage.getItem(key) || "{}");
  }
  App.lang = lang;
  document.documentElement.lang = lang;
  document.title = t("app");  // the tab says the page's language too
}

function t(key, params) {
  let s = App.words[key] || key;
  if (params) for (const k of Object.keys(params)) s = s.split("{" + k + "}").join(String(params[k]));
  return s;
}

/* ---- elements: text is always text ---- */

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = String(v);
    else if (k === "href") el.setAttribute("href", safeHref(v));
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

function safeHref(v) {
  const s = String(v);
  return /^(#|\/|https?:|mailto:|tel:)/i.test(s) ? s : "#";
}

function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

function notice(text, kind) {
  const n = document.getElementById("notice");
  clear(n);
  if (!text) { n.hidden = true; return; }
  n.className = kind || "info";
  n.append(text);
  n.hidden = false;
}

/* ---- talking to the server ---- */

class Offline extends Error {}
class Refused extends Error {
  constructor(status, body) { super(body && (body.message || body.error) || String(status)); this.status = status; this.body = body || {}; }
}

function cacheKey(path) { return "c:" + (App.session ? App.session.company + ":" + App.session.user : "-") + ":" + path; }

function remember(path, data) {
  const key = cacheKey(path);
  const entry = JSON.stringify({at: Date.now(), data});
  const index = JSON.parse(localStorage.getItem("c:index") || "[]").filter(k => k !== key);
  index.push(key);
  while (index.length > 300) localStorage.removeItem(index.shift());
  for (let i = 0; i < 3; i++) {
    try { localStorage.setItem(key, entry); break; }
    catch (e) { if (!index.length) break; localStorage.removeItem(index.shift()); }  // full: forget the oldest
  }
  localStorage.setItem("c:index", JSON.stringify(index));
}

function recall(path) {
  const found = localStorage.getItem(cacheKey(path));
  return found ? JSON.parse(found) : null;
}

function setOffline(on, at) {
  App.offline = on;
  document.body.classList.toggle("offline", on);
  if (on) notice(t("offline", {when: at ? new Date(at).toLocaleString(App.lang) : "—"}), "warn");
  else if (document.getElementById("notice").className === "warn") notice("");
}

async function api(method, path, body, opts) {
  const headers = {"Accept": "application/json", "X-Organizer-Lang": App.lang};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") {
    if (App.offline && !(opts && opts.login)) { /* try anyway: the connection may be back */ }
    headers[App.session ? "X-CSRF-Token" : "X-Organizer"] = App.session ? App.session.csrf : "1";
  }
  if (opts && opts.live) headers["X-Organizer-Live"] = "1";
  let r;
  try {
    r = await fetch(path, {method, headers, credentials: "same-origin",
                           body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    if (method === "GET") {
      const seen = recall(path);
      setOffline(true, seen && seen.at);
      if (seen) return seen.data;
      throw new Offline(t("offline.none"));
    }
    setOffline(true, null);
    throw new Offline(t("offline.refused"));
  }
  if (App.offline) setOffline(false);
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (r.status === 401 && data && data.error === "login") {
    ended(data.reason);
    throw new Refused(401, data);
  }
  if (!r.ok) {
    if (r.status === 413) throw new Refused(413, {error: "too_big", message: t("error.too_big")});
    throw new Refused(r.status, data || {error: "server", message: t("error.server")});
  }
  if (method === "GET") remember(path, data);
  return data;
}

function ended(reason) {
  const had = App.session;
  App.session = null;
  stopLive();
  if (had || (reason && reason !== "none")) sessionStorage.setItem("ended", reason || "ended");
  go("#/login");
}

/* ---- frame: bar and navigation ---- */

function drawBar() {
  const bar = clear(document.getElementById("bar"));
  const langSel = h("select", {"aria-label": t("lang"), onchange: async e => {
    localStorage.setItem("lang", e.target.value); await loadWords(e.target.value); drawBar(); route();
  }}, h("option", {value: "ru", selected: App.lang === "ru"}, "Русский"),
      h("option", {value: "en", selected: App.lang === "en"}, "English"));
  bar.append(h("a", {href: "#/", class: "brand"}, t("app")));
  bar.append(h("span", {class: "grow"}));
  if (App.offline) bar.append(h("span", {class: "badge"}, t("offline.short")));
  bar.append(langSel);
  if (App.session) {
    bar.append(h("span", {class: "who", title: App.session.user}, App.session.full_name || App.session.user));
    bar.append(h("button", {class: "link", onclick: logout}, t("logout")));
  }
  const nav = clear(document.getElementById("nav"));
  nav.hidden = !App.session;
  if (App.session) {
    const here = location.hash || "#/";
    for (const [href, key] of [["#/", "nav.search"], ["#/day", "nav.day"], ["#/sales", "nav.sales"], ["#/new", "nav.new"]]) {
      nav.append(h("a", {href, class: (here === href || (href !== "#/" && here.startsWith(href))) ? "here" : null}, t(key)));
    }
  }
}

async function logout() {
  try { await api("POST", "/api/logout", {}); } catch (e) { /* ended anyway on this page */ }
  App.session = null;
  stopLive();
  localStorage.removeItem("session");
  go("#/login");
}

/* ---- login ---- */

App.handlers.login = async function () {
  const view = clear(document.getElementById("view"));
  const why = sessionStorage.getItem("ended");
  sessionStorage.removeItem("ended");
  if (why && why !== "none") notice(t("ended." + why), "warn"); else notice("");
  let companies = [];
  try { companies = (await api("GET", "/api/companies")).companies || []; } catch (e) { /* offline */ }
  const user = h("input", {name: "user", autocomplete: "username", required: true, autocapitalize: "none"});
  const pass = h("input", {name: "password", type: "password", autocomplete: "current-password", required: true});
  const company = h("select", {name: "company"}, companies.map(c => h("option", {value: c.id}, c.name)));
  const error = h("p", {class: "error", role: "alert"});
  const form = h("form", {class: "card login", onsubmit: async e => {
    e.preventDefault();
    error.textContent = "";
    try {
      App.session = await api("POST", "/api/login", {user: user.value, password: pass.value, company: company.value || ""}, {login: true});
      localStorage.setItem("session", JSON.stringify(App.session));
      notice("");
      startLive();
      Reminders.refresh();
      go("#/");
    } catch (err) {
      if (err instanceof Refused && err.body.error === "rate_limited") error.textContent = t("login.wait", {n: err.body.wait});
      else if (err instanceof Refused && err.body.error === "company") error.textContent = t("login.no_company");
      else if (err instanceof Refused) error.textContent = t("login.wrong");
      else error.textContent = err.message;
    }
  }},
    h("h1", {}, t("login.title")),
    companies.length > 1 ? h("label", {}, t("login.company"), company) : null,
    h("label", {}, t("login.user"), user),
    h("label", {}, t("login.password"), pass),
    error,
    h("button", {type: "submit", class: "primary"}, t("login.go")));
  view.append(form);
  user.focus();
};

/* ---- live changes ---- */

function startLive() {
  if (App.live || !App.session || !window.WebSocket) return;
  const ws = new WebSocket("wss://" + location.host + "/api/live");
  App.live = ws;
  ws.onopen = () => { App.liveTries = 0; document.body.dataset.live = "on"; };
  ws.onmessage = e => {
    let msg;
    try { msg = JSON.parse(e.data); } catch (err) { return; }
    if (msg.ended) { App.live = null; ws.close(); ended(msg.ended); return; }
    if (msg.changed && App.view && App.view.onChange) App.view.onChange(msg.changed, msg.forget || [], msg.kinds || []);
    if ((msg.kinds || []).some(k => k === "task" || k === "event")) Reminders.refresh();
  };
  ws.onclose = () => {
    document.body.dataset.live = "off";
    if (App.live !== ws) return;
    App.live = null;
    if (!App.session) return;
    App.liveTries += 1;
    setTimeout(startLive, Math.min(30000, 500 * App.liveTries));
  };
}

function stopLive() {
  const ws = App.live;
  App.live = null;
  if (ws) ws.close();
}

/* ---- routes ---- */

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function parseHash() {
  const raw = (location.hash || "#/").slice(1);
  const [path, query] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query || "");
  return {parts, params};
}

async function route() {
  const {parts, params} = parseHash();
  const name = parts[0] || "search";
  if (!App.session && name !== "login") { go("#/login"); return; }
  drawBar();
  App.view = null;
  const handler = App.handlers[name] || App.handlers.search;
  try {
    await handler(parts.slice(1), params);
  } catch (err) {
    if (err instanceof Refused && err.status === 401) return;
    const view = clear(document.getElementById("view"));
    view.append(h("p", {class: err instanceof Offline ? "muted" : "error"}, err.message));
  }
}

/* ---- values as text, in the chosen language ---- */

function label(o) { return o ? (App.lang === "ru" ? (o.ru || o.en) : (o.en || o.ru)) : ""; }

function dateText(v, withTime) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(String(v));
  if (!m) return String(v);
  const day = App.lang === "ru" ? m[3] + "." + m[2] + "." + m[1] : m[1] + "-" + m[2] + "-" + m[3];
  return withTime && m[4] ? day + " " + m[4] + ":" + m[5] : day;
}

function fmt(f, v, title) {
  if (v === null || v === undefined || v === "") return "";
  switch (f.type) {
    case "bool": return v ? t("yes") : t("no");
    case "choice": { const c = (f.choices || []).find(c => c[0] === v); return c ? (App.lang === "ru" ? c[2] : c[1]) : String(v); }
    case "link": return title || "";
    case "user": return title || String(v);  // a colleague's name; the value is their login
    case "date": return dateText(v, false);
    case "datetime": return dateText(v, true);
    case "money": return typeof v === "number" ? new Intl.NumberFormat(App.lang, {minimumFractionDigits: 2, maximumFractionDigits: 2}).format(v) : String(v);
    case "number": return typeof v === "number" ? new Intl.NumberFormat(App.lang).format(v) : String(v);
    case "image": case "file": return t("photo");
    default: return String(v);
  }
}

/* a value as the card shows it: phones call, addresses write, links open */
function shownValue(recId, cell) {
  const f = cell.f, v = cell.v, text = fmt(f, v, cell.t);
  if (text === "") return h("span", {class: "muted"}, "—");
  if (f.type === "phone") return h("a", {href: "tel:" + String(v).replace(/[^\d+]/g, "")}, text);
  if (f.type === "email") return h("a", {href: "mailto:" + String(v)}, text);
  if (f.type === "url") { const u = /^https?:\/\//i.test(v) ? v : "http://" + v; return h("a", {href: u, target: "_blank", rel: "noopener noreferrer"}, text); }
  if (f.type === "link") return h("a", {href: "#/r/" + encodeURIComponent(v)}, text);
  if (f.type === "image") return h("img", {src: "/api/record/" + encodeURIComponent(recId) + "/picture/" + encodeURIComponent(f.key), alt: label(f)});
  return h("span", {}, text);
}

function titleText(title) {
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(String(title || "")) ? dateText(title, String(title).length > 10) : (title || "—");
}

function rowItem(row) {
  const sub = row.cells.map(c => fmt(c.f, c.v, c.t)).filter(Boolean).join(" · ");
  return h("li", {}, h("a", {href: "#/r/" + encodeURIComponent(row.id)}, h("span", {class: "title"}, titleText(row.title)),
                       sub ? h("span", {class: "sub"}, sub) : null));
}

/* ---- quick search ---- */

App.handlers.search = async function (parts, params) {
  const view = clear(document.getElementById("view"));
  const input = h("input", {type: "search", name: "q", placeholder: t("search.placeholder"), autocomplete: "off",
                            "aria-label": t("nav.search"), value: params.get("q") || ""});
  const results = h("div", {id: "results"});
  view.append(h("div", {class: "card"}, input), results);
  let asked = 0, timer = null;
  async function ask(live) {
    const q = input.value.trim();
    const mine = ++asked;
    history.replaceState(null, "", "#/" + (q ? "?q=" + encodeURIComponent(q) : ""));
    if (!q) { clear(results).append(h("p", {class: "muted"}, t("search.hint"))); return; }
    let found;
    try { found = await api("GET", "/api/search?q=" + encodeURIComponent(q), undefined, {live}); }
    catch (err) { if (mine === asked) clear(results).append(h("p", {class: "muted"}, err.message)); return; }
    if (mine !== asked) return;  // a newer search was typed meanwhile
    clear(results);
    results.dataset.q = q;
    if (!found.groups.length) { results.append(h("p", {class: "muted"}, t("search.none"))); return; }
    for (const g of found.groups) {
      results.append(h("section", {class: "card"}, h("h2", {}, label(g.kind)), h("ul", {class: "list"}, g.rows.map(rowItem)),
                       g.more ? h("p", {class: "muted"}, t("search.more", {n: g.rows.length})) : null));
    }
  }
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => ask(false), 120); });
  App.view = {onChange: (changed, forget, kinds) => { if (input.value.trim()) ask(true); }};
  input.focus();
  await ask(false);
};

/* ---- a record's card ---- */

function inputFor(cell, value) {
  const f = cell.f, name = f.key;
  const v = value === undefined ? cell.v : value;
  const common = {name, id: "f-" + name, readonly: !cell.edit, disabled: !cell.edit && ["bool", "choice", "link", "user"].includes(f.type)};
  switch (f.type) {
    case "multiline": { const el = h("textarea", common); el.value = v == null ? "" : String(v); return el; }
    case "bool": return h("input", {...common, type: "checkbox", checked: !!v});
    case "number": case "money": return h("input", {...common, type: "number", step: f.type === "money" ? "0.01" : "any", inputmode: "decimal", value: v == null ? "" : String(v)});
    case "date": return h("input", {...common, type: "date", value: v ? String(v).slice(0, 10) : ""});
    case "datetime": return h("input", {...common, type: "datetime-local", value: v ? String(v).slice(0, 16) : ""});
    case "email": return h("input", {...common, type: "email", value: v || ""});
    case "phone": return h("input", {...common, type: "tel", value: v || ""});
    case "url": return h("input", {...common, type: "url", value: v || ""});
    case "choice": return h("select", common, h("option", {value: ""}, "—"), (f.choices || []).map(c => h("option", {value: c[0], selected: c[0] === v}, App.lang === "ru" ? c[2] : c[1])));
    case "link": return linkPicker(cell, common, v);
    case "user": return userPicker(cell, common, v);
    default: return h("input", {...common, type: "text", value: v == null ? "" : String(v)});
  }
}

/* a linked record: type part of its name, pick it from what the search finds */
function linkPicker(cell, common, v) {
  const box = h("div", {class: "picker"});
  const hidden = h("input", {type: "hidden", name: common.name, value: v || ""});
  const shown = h("input", {type: "search", id: common.id, readonly: common.readonly, value: cell.t || "", autocomplete: "off"});
  const list = h("ul", {class: "list"});
  let asked = 0;
  shown.addEventListener("input", async () => {
    const q = shown.value.trim(), mine = ++asked;
    if (!q) { hidden.value = ""; clear(list); return; }
    try {
      const found = await api("GET", "/api/search?kind=" + encodeURIComponent(cell.f.link_kind) + "&q=" + encodeURIComponent(q));
      if (mine !== asked) return;
      clear(list);
      for (const g of found.groups) for (const row of g.rows) {
        list.append(h("li", {}, h("button", {type: "button", class: "link", onclick: () => { hidden.value = row.id; shown.value = row.title; clear(list); }}, row.title)));
      }
    } catch (e) { /* offline: nothing to pick */ }
  });
  box.append(hidden, shown, list);
  return box;
}

/* a colleague: picked by name, kept as their login, as the window keeps it (rights and "my records" read it) */
function userPicker(cell, common, v) {
  const people = cell.people || [];
  const options = people.map(p => h("option", {value: p.login, selected: p.login === v}, p.name));
  // a former colleague, or a name typed in the window: kept as it is unless another is picked
  if (v && !people.some(p => p.login === v)) options.unshift(h("option", {value: v, selected: true}, cell.t || String(v)));
  return h("select", common, h("option", {value: ""}, "—"), options);
}

function readInput(f, el) {
  if (f.type === "link") return el.querySelector("input[type=hidden]").value || null;
  if (f.type === "bool") return el.checked;
  if (f.type === "number" || f.type === "money") return el.value === "" ? null : Number(el.value);
  return el.value === "" ? null : el.value;
}

function same(a, b) { return (a === undefined || a === null || a === "") ? (b === undefined || b === null || b === "") : String(a) === String(b); }

App.handlers.r = async function (parts) {
  const rec = parts[0];
  const view = clear(document.getElementById("view"));
  let data, editing = false, historyShown = false;
  const path = "/api/record/" + encodeURIComponent(rec);

  async function load(live) {
    try { data = await api("GET", path, undefined, {live}); }
    catch (err) {
      if (err instanceof Refused && err.status === 404) { clear(view).append(h("p", {class: "muted"}, t("card.gone"))); data = null; return; }
      throw err;
    }
    draw();
  }

  function draw() {
    clear(view);
    const head = h("div", {class: "card"}, h("p", {class: "muted"}, label(data.kind)), h("h1", {}, data.title || "—"));
    if (!editing) {
      head.append(h("div", {}, data.fields.filter(c => c.v !== null && c.v !== "" && c.v !== false).map(c =>
        h("div", {class: "field"}, h("div", {class: "name"}, label(c.f)), h("div", {class: "value"}, shownValue(data.id, c))))));
      const buttons = h("div", {class: "row"});
      if (data.editable) buttons.append(h("button", {class: "primary change", onclick: () => { editing = true; draw(); }}, t("card.edit")));
      buttons.append(h("button", {onclick: () => { historyShown = !historyShown; draw(); }}, t("card.history")));
      head.append(buttons);
      head.append(salesExtras(data));
      view.append(head);
      if (historyShown) view.append(historyBox());
      for (const g of data.related) {
        const heading = g.tied ? label(g.kind) + " · " + t("card.tied") : label(g.kind);  // tied by hand
        const rows = g.rows.map(row => {
          const item = rowItem(row);
          if (g.tied) item.append(h("button", {type: "button", class: "untie", onclick: () => tie(row.id, false)}, t("card.untie")));
          return item;
        });
        view.append(h("section", {class: "card"}, h("h2", {}, heading), h("ul", {class: "list"}, rows)));
      }
      view.append(tieBox());
      if (window.Talk) view.append(Talk.thread(data.id));  // the record's discussion (talk.js)
      return;
    }
    const inputs = {};
    const error = h("p", {class: "error", role: "alert"});
    const form = h("form", {onsubmit: async e => {
      e.preventDefault();
      const changes = {};
      for (const c of data.fields) {
        if (!c.edit) continue;
        const now = readInput(c.f, inputs[c.f.key]);
        if (!same(now, c.v)) changes[c.f.key] = now;
      }
      if (!Object.keys(changes).length) { editing = false; draw(); return; }
      try {
        data = await api("POST", path, {changes});
        editing = false;
        notice(t("card.saved"), "ok");
        draw();
      } catch (err) { error.textContent = failure(err); }
    }});
    for (const c of data.fields) {
      if (c.f.type === "image" || c.f.type === "file") continue;
      const el = inputFor({...c, people: data.people});
      inputs[c.f.key] = el;
      form.append(h("label", {for: "f-" + c.f.key}, label(c.f), el, c.edit ? null : h("span", {class: "muted"}, " " + t("card.readonly"))));
    }
    form.append(error, h("div", {class: "row"}, h("button", {type: "submit", class: "primary"}, t("card.save")),
                         h("button", {type: "button", onclick: () => { editing = false; draw(); }}, t("card.cancel"))));
    head.append(form);
    view.append(head);
  }

  /* «Связать с…»: find any record by the quick search, tap it to tie it to this one */
  function tieBox() {
    const box = h("section", {class: "card tie"});
    const error = h("p", {class: "error", role: "alert"});
    const list = h("ul", {class: "list"});
    const input = h("input", {type: "search", name: "tie", placeholder: t("card.tie_find"), autocomplete: "off", "aria-label": t("card.tie")});
    let asked = 0;
    input.addEventListener("input", async () => {
      const q = input.value.trim(), mine = ++asked;
      if (!q) { clear(list); return; }
      try {
        const found = await api("GET", "/api/search?kind=*&q=" + encodeURIComponent(q));
        if (mine !== asked) return;
        clear(list);
        for (const g of found.groups) for (const row of g.rows) {
          if (row.id === data.id) continue;
          list.append(h("li", {}, h("button", {type: "button", class: "link", onclick: () => tie(row.id, true, error)}, titleText(row.title) + " — " + label(g.kind))));
        }
      } catch (e) { /* offline: nothing to pick */ }
    });
    const open = h("button", {type: "button", onclick: () => { open.replaceWith(input); input.focus(); }}, t("card.tie"));
    box.append(open, list, error);
    return box;
  }

  async function tie(other, tied, error) {
    try {
      data = await api("POST", path + "/tie", {other, tied});
      notice(tied ? t("card.tied_now") : t("card.untied_now"), "ok");
      draw();
    } catch (err) { if (error) error.textContent = failure(err); else notice(failure(err), "warn"); }
  }

  function historyBox() {
    const box = h("section", {class: "card"}, h("h2", {}, t("card.history")));
    const list = h("ul", {class: "list"});
    box.append(list);
    api("GET", path + "/history").then(found => {
      for (const e of found.entries) {
        const when = dateText(new Date(e.at - new Date(e.at).getTimezoneOffset() * 60000).toISOString(), true);
        list.append(h("li", {}, h("div", {class: "item"}, h("span", {}, label(e.f) + ": " + (fmt(e.f, e.v, e.t) || "—") + (e.current ? "" : " (" + t("card.earlier") + ")")),
                                                      h("span", {class: "sub"}, t("card.who", {user: (e.by || e.user) + (e.device === "browser" ? " (" + t("card.browser") + ")" : ""), when})))));
      }
    }).catch(err => list.append(h("li", {class: "muted"}, err.message)));
    return box;
  }

  App.view = {onChange: (changed) => {
    if (!data) return;
    if (window.Talk && Talk.changed(data.id, changed)) return;  // a comment or read mark: only the thread
    const mine = [data.id, ...data.related.flatMap(g => g.rows.map(r => r.id))];
    const tie = id => id.startsWith("tie:") && id.split(":").includes(data.id);  // tied or untied by hand
    if (!changed.includes("*") && !changed.some(id => mine.includes(id) || tie(id))) return;
    if (editing) { notice(t("card.changed_editing"), "warn"); return; }
    load(true).then(() => { if (changed.includes(data && data.id)) notice(t("card.changed"), "info"); });
  }};
  await load(false);
};

function failure(err) {
  if (err instanceof Refused && err.body.error === "refused") return t("card.refused", {reason: (err.body.reasons || []).join("; ")});
  if (err instanceof Refused && err.body.error === "bad_value") return t("card.refused", {reason: (label(err.body.label) || err.body.field) + ": " + err.body.message});
  return err.message;
}

/* ---- a new record ---- */

App.handlers.new = async function (parts) {
  const view = clear(document.getElementById("view"));
  const found = await api("GET", "/api/kinds");
  const kind = found.kinds.find(k => k.key === parts[0]);
  if (!kind) {
    view.append(h("div", {class: "card"}, h("h1", {}, t("new.title")), h("ul", {class: "list"},
      found.kinds.map(k => h("li", {}, h("a", {href: "#/new/" + encodeURIComponent(k.key)}, label(k)))))));
    return;
  }
  const inputs = {};
  const error = h("p", {class: "error", role: "alert"});
  const form = h("form", {class: "card", onsubmit: async e => {
    e.preventDefault();
    const values = {};
    for (const f of kind.fields) { const v = readInput(f, inputs[f.key]); if (v !== null && v !== false) values[f.key] = v; }
    try {
      const made = await api("POST", "/api/records", {kind: kind.key, values});
      go("#/r/" + encodeURIComponent(made.id));
    } catch (err) { error.textContent = failure(err); }
  }}, h("h1", {}, label(kind)));
  for (const f of kind.fields) {
    const el = inputFor({f, v: (kind.starts || {})[f.key] ?? null, edit: true, people: found.people});  // as the window starts it
    if (f.numbered) el.placeholder = t("new.numbered");  // left empty, the server gives the next number
    inputs[f.key] = el;
    form.append(h("label", {for: "f-" + f.key}, label(f), el));
  }
  form.append(error, h("button", {type: "submit", class: "primary"}, t("new.create")));
  view.append(form);
};

/* ---- my day, and reminders while a page is open ---- */

function nowLocal() { const d = new Date(); return new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); }

App.handlers.day = async function () {
  const view = clear(document.getElementById("view"));
  const found = await api("GET", "/api/day");
  Reminders.plan(found.rows);
  const today = found.today, weekRows = {overdue: [], today: [], week: []};
  for (const row of found.rows) {
    const at = String(row.at || "");
    const bucket = at && at < found.now && row.kind === "task" ? "overdue" : (!at || at.slice(0, 10) <= today ? "today" : "week");
    weekRows[bucket].push(row);
  }
  if (window.Notification && Notification.permission === "default") {
    view.append(h("p", {}, h("button", {class: "link", onclick: () => Notification.requestPermission()}, t("day.notify"))));
  }
  for (const [key, rows] of [["overdue", weekRows.overdue], ["today", weekRows.today], ["week", weekRows.week]]) {
    if (!rows.length && key === "overdue") continue;
    const list = h("ul", {class: "list"});
    for (const row of rows) list.append(dayItem(row));
    view.append(h("section", {class: "card"}, h("h2", {}, t("day." + key)), rows.length ? list : h("p", {class: "muted"}, t("day.none"))));
  }
  App.view = {onChange: (changed, forget, kinds) => { if (kinds.some(k => ["task", "event", "contract"].includes(k)) || changed.includes("*")) App.handlers.day(); }};
};

function dayItem(row) {
  const when = row.at ? dateText(row.at, true) : "";
  const sub = [when, ...row.cells.filter(c => c.f.key !== row.anchor && c.f.key !== "assignee").map(c => fmt(c.f, c.v, c.t))].filter(Boolean).join(" · ");
  const item = h("div", {class: "row item"});
  if (row.kind === "task") {
    item.append(h("input", {type: "checkbox", "aria-label": t("day.done"), class: "change", onchange: async e => {
      try { await api("POST", "/api/record/" + encodeURIComponent(row.id), {changes: {done: true}}); notice(t("card.saved"), "ok"); App.handlers.day(); }
      catch (err) { e.target.checked = false; notice(failure(err), "warn"); }
    }}));
  }
  item.append(h("a", {href: "#/r/" + encodeURIComponent(row.id), class: "grow"}, h("span", {}, row.title || "—"), h("span", {class: "sub"}, sub)));
  const move = h("input", {type: "datetime-local", value: row.at ? String(row.at).slice(0, 16) : nowLocal(), "aria-label": t("day.move_to")});
  const mover = h("div", {class: "row", hidden: true}, move, h("button", {class: "primary change", onclick: async () => {
    try { await api("POST", "/api/record/" + encodeURIComponent(row.id), {changes: {[row.anchor]: move.value}}); notice(t("card.saved"), "ok"); App.handlers.day(); }
    catch (err) { notice(failure(err), "warn"); }
  }}, t("card.save")));
  if (row.kind !== "contract") item.append(h("button", {class: "change", onclick: () => { mover.hidden = !mover.hidden; }}, t("day.move")));
  return h("li", {}, item, mover);
}

const Reminders = {
  timers: [], shown: new Set(),
  plan(rows) {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    const now = Date.now();
    for (const row of rows) {
      if (!row.remind) continue;
      const at = new Date(row.remind).getTime();  // local wall time, as the office server writes it
      const wait = at - now;
      if (wait <= 0) this.fire(row);
      else if (wait < 24 * 3600 * 1000) this.timers.push(setTimeout(() => this.fire(row), wait));
    }
  },
  fire(row) {
    const key = row.id + "@" + row.remind;
    if (this.shown.has(key)) return;
    this.shown.add(key);
    const text = t("day.remind", {title: row.title || "—"});
    if (window.Notification && Notification.permission === "granted") {
      try { new Notification(t("app"), {body: text, tag: key}); } catch (e) { /* some phones only notify from a service worker */ }
    }
    const n = document.getElementById("notice");
    clear(n);
    n.className = "info";
    n.append(h("a", {href: "#/r/" + encodeURIComponent(row.id)}, text), " ",
             h("button", {class: "link", onclick: async () => {
               notice("");
               try { await api("POST", "/api/record/" + encodeURIComponent(row.id), {changes: {_dismissed: row.occurrence || row.remind, _snoozed_until: null}}); } catch (e) { /* shown again next time */ }
             }}, "OK"));
    n.hidden = false;
  },
  async refresh() {
    if (!App.session) return;
    try { this.plan((await api("GET", "/api/day", undefined, {live: true})).rows); } catch (e) { /* offline: the plan stands */ }
  },
};

/* ---- sales ---- */

function money(v) { return new Intl.NumberFormat(App.lang, {minimumFractionDigits: 2, maximumFractionDigits: 2}).format(v || 0); }

App.handlers.sales = async function () {
  const view = clear(document.getElementById("view"));
  const found = await api("GET", "/api/sales");
  if (!found.figures) { view.append(h("p", {class: "muted"}, t("sales.none"))); return; }
  const f = found.figures;
  view.append(h("h2", {}, t("sales.dashboard")), h("div", {class: "figures"},
    [["sales.issued", money(f.issued.amount), f.issued.count], ["sales.paid", money(f.paid.amount), f.paid.count],
     ["sales.outstanding", money(f.outstanding.amount), f.outstanding.count], ["sales.overdue", String(f.overdue), null]].map(
      ([key, n, count]) => h("div", {class: "figure"}, h("div", {class: "muted"}, t(key)), h("div", {class: "n"}, n),
                             count === null ? null : h("div", {class: "muted"}, "× " + count)))));
  view.append(h("h2", {}, t("sales.deals")));
  for (const stage of found.stages) {
    const list = h("ul", {class: "list"});
    for (const row of stage.rows) {
      const pick = h("select", {"aria-label": t("sales.stage"), class: "change", onchange: async e => {
        try { await api("POST", "/api/record/" + encodeURIComponent(row.id), {changes: {stage: e.target.value}}); App.handlers.sales(); }
        catch (err) { notice(failure(err), "warn"); }
      }}, (found.stage_field.choices || []).map(c => h("option", {value: c[0], selected: c[0] === stage.key}, App.lang === "ru" ? c[2] : c[1])));
      list.append(h("li", {}, h("div", {class: "row"}, h("a", {href: "#/r/" + encodeURIComponent(row.id), class: "grow"}, row.title || "—",
                                                          h("span", {class: "sub"}, row.cells.filter(c => c.f.key !== "stage").map(c => fmt(c.f, c.v, c.t)).join(" · "))), pick)));
    }
    view.append(h("section", {class: "card"}, h("h2", {}, label(stage) + " · " + stage.count + " · " + money(stage.amount)), stage.rows.length ? list : null));
  }
  const invoices = h("ul", {class: "list"});
  for (const row of found.invoices) {
    const status = row.cells.find(c => c.f.key === "status");
    const li = rowItem(row);
    if (status) li.classList.add("status-" + status.v);
    invoices.append(li);
  }
  view.append(h("section", {class: "card"}, h("h2", {}, t("sales.invoices")), found.invoices.length ? invoices : h("p", {class: "muted"}, t("sales.none"))));
  App.view = {onChange: (changed, forget, kinds) => { if (kinds.some(k => ["invoice", "payment", "deal", "invoice_line"].includes(k)) || changed.includes("*")) App.handlers.sales(); }};
};

function salesExtras(data) {
  const box = h("div", {});
  if (data.forms && data.forms.length) {
    const names = {invoice: "sales.bill", act: "sales.act", upd: "sales.upd", contract: "sales.contract", reconciliation: "sales.reconciliation"};
    box.append(h("div", {class: "row"}, data.forms.map(form =>
      h("a", {href: "/api/record/" + encodeURIComponent(data.id) + "/pdf/" + form + "?lang=" + App.lang, target: "_blank", rel: "noopener", class: "button"}, t(names[form] || form)))));
  }
  if (data.may_pay) {
    const sum = h("input", {type: "number", step: "0.01", inputmode: "decimal", name: "amount", required: true});
    const day = h("input", {type: "date", name: "date", value: nowLocal().slice(0, 10), required: true});
    const error = h("p", {class: "error", role: "alert"});
    box.append(h("form", {class: "pay", onsubmit: async e => {
      e.preventDefault();
      try {
        await api("POST", "/api/records", {kind: "payment", values: {invoice: data.id, date: day.value, amount: Number(sum.value)}});
        notice(t("card.saved"), "ok");
        route();
      } catch (err) { error.textContent = failure(err); }
    }}, h("h2", {}, t("sales.pay")), h("label", {}, t("sales.amount"), sum), h("label", {}, t("sales.date"), day), error,
       h("button", {type: "submit", class: "primary"}, t("sales.pay"))));
  }
  return box;
}

async function start() {
  await loadWords(pickLang());
  const kept = localStorage.getItem("session");
  if (kept) {
    try { App.session = JSON.parse(kept); } catch (e) { App.session = null; }
  }
  let routed = false;
  try {  // asked even with nothing kept here: the session cookie may outlive this browser's storage
    App.session = await api("GET", "/api/session");
    localStorage.setItem("session", JSON.stringify(App.session));
  } catch (e) {
    if (!(e instanceof Offline)) App.session = null;
    // ended() has gone to the login page already: drawing it a second time wiped what the user had typed
    routed = e instanceof Refused && e.status === 401 && e.body.error === "login";
  }
  if (App.session) { startLive(); Reminders.refresh(); }
  setInterval(() => Reminders.refresh(), 5 * 60 * 1000);
  window.addEventListener("hashchange", route);
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => { /* needs a trusted certificate */ });
  if (!routed) route();
}

document.addEventListener("DOMContentLoaded", start);
