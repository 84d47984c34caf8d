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
  const headers = {"Accept": "application/json"};
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
  ws.onopen = () => { App.liveTries = 0; };
  ws.onmessage = e => {
    let msg;
    try { msg = JSON.parse(e.data); } catch (err) { return; }
    if (msg.ended) { App.live = null; ws.close(); ended(msg.ended); return; }
    if (msg.changed && App.view && App.view.onChange) App.view.onChange(msg.changed, msg.forget || []);
  };
  ws.onclose = () => {
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

App.handlers.search = async function () {
  const view = clear(document.getElementById("view"));
  view.append(h("p", {class: "muted"}, t("search.hint")));
};

async function start() {
  await loadWords(pickLang());
  const kept = localStorage.getItem("session");
  if (kept) {
    try { App.session = JSON.parse(kept); } catch (e) { App.session = null; }
  }
  if (App.session) {
    try {
      App.session = await api("GET", "/api/session");
      localStorage.setItem("session", JSON.stringify(App.session));
    } catch (e) {
      if (!(e instanceof Offline)) App.session = null;
    }
  }
  if (App.session) startLive();
  window.addEventListener("hashchange", route);
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => { /* needs a trusted certificate */ });
  route();
}

document.addEventListener("DOMContentLoaded", start);
