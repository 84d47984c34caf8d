"use strict";
/* A record's discussion on its card: the comments, oldest first, and a box to write the next one (@ and a name
   offers colleagues as one types); a reply quotes; "Acknowledged" answers a mention; files open. Text is always
   shown as text. Uses app.js's h, t, api, clear and failure. */

const Talk = {
  box: null,
  recId: null,

  thread(recId) {
    const path = "/api/record/" + encodeURIComponent(recId) + "/comments";
    const list = h("ul", {class: "list talk"});
    const input = h("textarea", {name: "comment", rows: "3", placeholder: t("talk.write")});
    const offer = h("ul", {class: "list offer", hidden: true});
    const replyBar = h("p", {class: "muted reply", hidden: true});
    const error = h("p", {class: "error", role: "alert"});
    let replyTo = null, people = [];
    const box = h("section", {class: "card", id: "talk"}, h("h2", {}, t("talk.title")), list,
      h("form", {onsubmit: async e => {
        e.preventDefault();
        error.textContent = "";
        if (!input.value.trim()) return;
        try {
          draw(await api("POST", path, {text: input.value, reply_to: replyTo}));
          input.value = ""; replyTo = null; replyBar.hidden = true;
        } catch (err) { error.textContent = failure(err); }
      }}, replyBar, input, offer, error,
        h("div", {class: "row"}, h("button", {type: "submit", class: "primary"}, t("talk.send")))));

    function words(pieces) {
      return pieces.map(([part, value]) => part === "mention" ? h("b", {class: "mention"}, "@" + value) : value);
    }

    function when(ms) {
      return dateText(new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString(), true);
    }

    function draw(data) {
      people = data.people || [];
      clear(list);
      if (!data.comments.length) list.append(h("li", {class: "muted"}, t("talk.none")));
      const unread = [];
      for (const c of data.comments) {
        const actions = h("div", {class: "row"},
          h("button", {type: "button", onclick: () => {
            replyTo = c.id;
            clear(replyBar).append(t("talk.answer_to", {name: c.author}) + " «" + c.text.map(p => p[1]).join("").slice(0, 80) + "» ",
                                   h("button", {type: "button", onclick: () => { replyTo = null; replyBar.hidden = true; }}, "✕"));
            replyBar.hidden = false;
            input.focus();
          }}, t("talk.reply")));
        if (c.mention_me) {
          if (c.acked) actions.append(h("span", {class: "ok"}, "✓ " + t("talk.acked")));
          else actions.append(h("button", {type: "button", onclick: async () => {
            try { await api("POST", "/api/comment/" + encodeURIComponent(c.id) + "/read", {ack: true}); await load(); }
            catch (err) { error.textContent = failure(err); }
          }}, t("talk.ack")));
        }
        const item = h("div", {class: "item"},
          h("span", {class: "sub"}, c.author + " · " + when(c.at) + (c.edited ? " · " + t("talk.edited") : "") +
                                    (c.unread ? " · " + t("talk.new") : "")),
          c.quote ? h("div", {class: "quote"}, t("talk.answer_to", {name: c.answers || ""}) + " «", ...words(c.quote), "»") : null,
          h("div", {class: "text"}, ...words(c.text)),
          ...c.files.map(f => h("div", {}, t("talk.file") + ": ",
                                h("a", {href: "/api/file/" + encodeURIComponent(f.id), download: f.name}, f.name))),
          c.read_by.length ? h("span", {class: "sub ok"}, t("talk.read_by") + ": " +
                                 c.read_by.map(r => r.name + (r.ack ? " ✓" : "")).join(", ")) : null,
          actions);
        list.append(h("li", {class: c.unread ? "new" : (c.mine ? "mine" : "")}, item));
        if (c.unread) unread.push(c.id);
      }
      for (const id of unread) {  // shown: seen (the author learns it)
        api("POST", "/api/comment/" + encodeURIComponent(id) + "/read", {ack: false}).catch(() => {});
      }
    }

    input.addEventListener("input", () => {
      const before = input.value.slice(0, input.selectionStart);
      const m = /(?:^|[^\w@])@([\wа-яё.-]*)$/i.exec(before);
      clear(offer);
      if (!m) { offer.hidden = true; return; }
      const key = m[1].toLowerCase().replace(/ё/g, "е");
      const found = people.filter(p => [p.login, ...p.name.split(/\s+/)].some(w => w.toLowerCase().replace(/ё/g, "е").startsWith(key))).slice(0, 6);
      for (const p of found) {
        offer.append(h("li", {}, h("button", {type: "button", class: "item", onclick: () => {
          const start = input.selectionStart - m[1].length - 1;
          const name = p.name.split(/\s+/).length <= 2 ? p.name : p.login;
          input.value = input.value.slice(0, start) + "@" + name + " " + input.value.slice(input.selectionStart);
          offer.hidden = true;
          input.focus();
        }}, p.name + (p.name !== p.login ? " (" + p.login + ")" : ""))));
      }
      offer.hidden = !found.length;
    });

    async function load() {
      try { draw(await api("GET", path)); } catch (err) { clear(list).append(h("li", {class: "error"}, failure(err))); }
    }
    Talk.box = box;
    Talk.recId = recId;
    Talk.reload = load;
    load();
    return box;
  },

  /* The live socket's changed ids: true when they were this card's talk (its thread is read again). */
  changed(recId, changed) {
    const ours = ["cm:" + recId + ":", "rd:cm:" + recId + ":", "at:cm:" + recId + ":"];
    if (Talk.recId !== recId || !changed.some(id => ours.some(p => String(id).startsWith(p)))) return false;
    if (Talk.reload) Talk.reload();
    return true;
  },
};
window.Talk = Talk;
