/* Shop support chat widget: one <script> tag on any page (docs/widget.md).
 *
 * Talks to Rasa's socket.io channel (session_request / user_uttered / bot_uttered, HTTP
 * long-polling by default), uploads photos to the handoff service (POST /api/uploads), polls
 * the handoff service for the human-handoff state, keeps the conversation across reloads in
 * localStorage, and renders every bot, agent and buyer text with DOM text nodes (never HTML).
 */
(function () {
  "use strict";
  if (window.ShopChat && window.ShopChat.version) return;  // embedded twice: keep the first

  var VERSION = "1.0.0";
  var LANGUAGES = ["en", "es", "fr", "de", "pt", "it", "ru", "zh", "ja", "ar", "ko", "pl", "nl", "tr"];
  var MAX_UPLOAD = 5 * 1024 * 1024;
  var UPLOAD_TYPES = ["image/jpeg", "image/png", "image/webp"];
  var MAX_ENTRIES = 300;
  var POLL_MS = 2000;
  var URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/[?#].*$/, "").replace(/[^/]*$/, "") : "/widget/";

  /* ---------- configuration ---------- */

  var KEYS = ["rasaUrl", "socketPath", "handoffUrl", "shopName", "color", "textColor", "language",
              "position", "open", "transports", "storageKey", "configUrl", "identityEmail", "identityHash"];

  function camel(key) { return key.replace(/_([a-z])/g, function (_, c) { return c.toUpperCase(); }); }

  function pick(source) {
    var out = {};
    if (!source) return out;
    Object.keys(source).forEach(function (key) {
      var name = camel(key);
      if (KEYS.indexOf(name) >= 0 && source[key] !== undefined && source[key] !== null && source[key] !== "") {
        out[name] = source[key];
      }
    });
    return out;
  }

  function readConfig() {
    var fromTag = pick(script ? script.dataset : null);
    var fromPage = pick(window.ShopChatConfig);
    var url = fromPage.configUrl || fromTag.configUrl;
    var remote = url
      ? fetch(new URL(url, document.baseURI).href, { cache: "no-store" })
          .then(function (r) { return r.ok ? r.json() : {}; })
          .catch(function () { return {}; })
      : Promise.resolve({});
    return remote.then(function (json) {
      var c = Object.assign({}, pick(json), fromTag, fromPage);  // page object > tag > remote JSON
      c.handoffUrl = String(c.handoffUrl || new URL(base, document.baseURI).origin).replace(/\/+$/, "");
      c.rasaUrl = String(c.rasaUrl || "").replace(/\/+$/, "");
      c.socketPath = c.socketPath || "/socket.io/";
      c.shopName = c.shopName || document.title || "Shop";
      c.color = c.color || "#2f6fed";
      c.textColor = c.textColor || "#ffffff";
      c.storageKey = c.storageKey || "shopchat";
      c.position = c.position === "left" ? "left" : "right";
      c.open = c.open === true || c.open === "true";
      var transports = c.transports || ["polling"];
      c.transports = Array.isArray(transports) ? transports : String(transports).split(/[\s,]+/).filter(Boolean);
      return c;
    });
  }

  /* ---------- small helpers ---------- */

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function store(kind) {
    try {
      var s = window[kind];
      var probe = "__shopchat__";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {  // storage disabled: keep the conversation for this page view only
      var memory = {};
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null; },
        setItem: function (k, v) { memory[k] = String(v); },
        removeItem: function (k) { delete memory[k]; }
      };
    }
  }

  function randomId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function normalizeLanguage(value) {
    if (!value) return null;
    var code = String(value).trim().split(/[-_]/)[0].toLowerCase();
    return LANGUAGES.indexOf(code) >= 0 ? code : null;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "className") node.className = attrs[key];
      else if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function safeUrl(value) {
    try {
      var url = new URL(String(value), document.baseURI);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  /** Text with its http(s) URLs as links, built from text nodes and <a> elements only. */
  function linkify(parent, text) {
    var last = 0;
    String(text).replace(URL_RE, function (match, offset) {
      var url = match.replace(/[.,;:!?)\]}»”’]+$/, "");
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var href = safeUrl(url);
      if (href) {
        parent.appendChild(el("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow", text: url }));
      } else {
        parent.appendChild(document.createTextNode(url));
      }
      last = offset + url.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /* Which of our languages a bot reply is written in, when that is clear; else null. */
  var WORDS = {
    en: "the you your is are and to for with can please order we'll i'll i've it's this that",
    es: "el la los las tu su es que de por para puedo pedido gracias una con está",
    fr: "le la les votre vous est et pour je nous commande une avec pas sur",
    de: "der die das ihre sie ist und ich wir nicht mit bestellung eine für auf",
    pt: "o os seu sua você pedido é para não com uma do da está",
    it: "il lo gli tuo tua ordine è per non con una posso del della sono",
    pl: "nie jest się zamówienie twoje na czy to jak mogę dla",
    nl: "de het je uw bestelling is en voor niet met een ik kan",
    tr: "ve bir bu siparişiniz sipariş için mi ile değil size lütfen"
  };
  var WORD_SETS = {};
  Object.keys(WORDS).forEach(function (k) { WORD_SETS[k] = WORDS[k].split(" "); });

  function replyLanguage(text) {
    var counts = { ar: 0, ko: 0, kana: 0, han: 0, ru: 0, latin: 0 };
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0x0600 && c <= 0x06ff) counts.ar++;
      else if (c >= 0xac00 && c <= 0xd7af) counts.ko++;
      else if (c >= 0x3040 && c <= 0x30ff) counts.kana++;
      else if (c >= 0x4e00 && c <= 0x9fff) counts.han++;
      else if (c >= 0x0400 && c <= 0x04ff) counts.ru++;
      else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) counts.latin++;
    }
    var letters = counts.ar + counts.ko + counts.kana + counts.han + counts.ru + counts.latin;
    if (letters < 12) return null;
    if (counts.ar / letters > 0.5) return "ar";
    if (counts.ko / letters > 0.5) return "ko";
    if ((counts.kana + counts.han) / letters > 0.5) return counts.kana > 0 ? "ja" : "zh";
    if (counts.ru / letters > 0.5) return "ru";
    if (counts.latin / letters < 0.8) return null;
    var words = text.toLowerCase().split(/[^a-zà-ɏ']+/);
    var best = null, bestScore = 0, second = 0;
    Object.keys(WORD_SETS).forEach(function (lang) {
      var score = 0;
      words.forEach(function (w) { if (WORD_SETS[lang].indexOf(w) >= 0) score++; });
      if (score > bestScore) { second = bestScore; bestScore = score; best = lang; }
      else if (score > second) second = score;
    });
    return bestScore >= 3 && bestScore >= 2 * second ? best : null;
  }

  /* ---------- the widget ---------- */

  function Widget(config, i18n, io) {
    var self = this;
    this.config = config;
    this.i18n = i18n;
    this.io = io;
    this.local = store("localStorage");
    this.session = store("sessionStorage");
    var prefix = config.storageKey + ":";
    this.keys = { session: prefix + "session", language: prefix + "language", open: prefix + "open" };
    this.sessionId = this.local.getItem(this.keys.session);
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(this.sessionId || "")) {
      this.sessionId = randomId();
      this.local.setItem(this.keys.session, this.sessionId);
    }
    this.keys.log = prefix + "log:" + this.sessionId;
    try {
      this.entries = JSON.parse(this.local.getItem(this.keys.log) || "[]");
      if (!Array.isArray(this.entries)) this.entries = [];
    } catch (e) {
      this.entries = [];
    }
    this.pickedLanguage = normalizeLanguage(this.local.getItem(this.keys.language));
    this.language = this.pickedLanguage || normalizeLanguage(config.language) ||
      normalizeLanguage(document.documentElement.lang) ||
      normalizeLanguage((navigator.languages || [])[0] || navigator.language) || "en";
    this.socket = null;
    this.confirmed = false;
    this.pending = [];
    this.keys.handoff = prefix + "handoff:" + this.sessionId;
    try {
      this.handoff = JSON.parse(this.local.getItem(this.keys.handoff) || "null") || { state: "none" };
    } catch (e) {
      this.handoff = { state: "none" };
    }
    this.handoff.typing = false;  // a stale "is typing" never survives a reload
    this.pollTimer = null;
    this.inbox = [];
    this.build();
    this.renderTranscript();
    this.applyLanguage(this.language);
    if (this.session.getItem(this.keys.open) === "1" || config.open) this.open(false);
    if (this.entries.length) this.connect();  // an ongoing conversation: listen for replies
    this.checkStatus();
    window.addEventListener("pagehide", function () { self.save(); });
  }

  Widget.prototype.t = function (key, values) {
    var table = this.i18n.strings[this.language] || this.i18n.strings.en;
    var text = table[key] || this.i18n.strings.en[key] || key;
    return text.replace(/\{(\w+)\}/g, function (m, name) {
      return values && values[name] !== undefined ? String(values[name]) : m;
    });
  };

  Widget.prototype.build = function () {
    var self = this;
    var host = el("div", { id: "shopchat-widget" });
    document.body.appendChild(host);
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    this.host = host;

    var css = el("link", { rel: "stylesheet", href: base + "widget.css" });
    this.wrap = el("div", { className: "sc sc-" + this.config.position, id: "shopchat-root" });
    this.wrap.style.visibility = "hidden";  // until the stylesheet is there
    css.onload = css.onerror = function () { self.wrap.style.visibility = ""; };
    this.wrap.style.setProperty("--sc-color", this.config.color);
    this.wrap.style.setProperty("--sc-on-color", this.config.textColor);

    this.launcher = el("button", { type: "button", className: "sc-launcher", "aria-expanded": "false",
                                   "aria-controls": "sc-panel" });
    this.launcher.appendChild(this.icon("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"));
    this.badge = el("span", { className: "sc-badge", hidden: "" });
    this.launcher.appendChild(this.badge);

    this.title = el("h2", { id: "sc-title", className: "sc-title" });
    this.languageSelect = el("select", { className: "sc-language" });
    var names = this.i18n.names;
    LANGUAGES.forEach(function (code) {
      self.languageSelect.appendChild(el("option", { value: code, lang: code, text: names[code] || code }));
    });
    this.closeButton = el("button", { type: "button", className: "sc-close" });
    this.closeButton.appendChild(this.icon("M6 6l12 12M18 6L6 18", true));
    var header = el("header", { className: "sc-header" }, [this.title, this.languageSelect, this.closeButton]);

    this.banner = el("div", { className: "sc-banner", role: "status", "aria-live": "polite", hidden: "" });
    this.log = el("div", { className: "sc-log", role: "log", "aria-live": "polite", tabindex: "0" });
    this.error = el("div", { className: "sc-error", role: "alert", hidden: "" });
    this.fileInput = el("input", { type: "file", accept: UPLOAD_TYPES.join(","), className: "sc-file",
                                   tabindex: "-1", "aria-hidden": "true" });
    this.attachButton = el("button", { type: "button", className: "sc-attach" });
    this.attachButton.appendChild(this.icon(
      "M21 12.5l-8.5 8.5a5 5 0 0 1-7-7l9-9a3.5 3.5 0 0 1 5 5l-9 9a2 2 0 0 1-3-3l8.5-8.5", true));
    this.input = el("input", { type: "text", className: "sc-input", autocomplete: "off", maxlength: "4000",
                               enterkeyhint: "send" });
    this.sendButton = el("button", { type: "submit", className: "sc-send" });
    this.form = el("form", { className: "sc-composer" },
                   [this.attachButton, this.fileInput, this.input, this.sendButton]);
    this.panel = el("section", { id: "sc-panel", className: "sc-panel", role: "dialog", "aria-modal": "false",
                                 "aria-labelledby": "sc-title", hidden: "" },
                    [header, this.banner, this.log, this.error, this.form]);
    this.wrap.appendChild(this.panel);
    this.wrap.appendChild(this.launcher);
    root.appendChild(css);
    root.appendChild(this.wrap);

    this.launcher.addEventListener("click", function () { self.isOpen() ? self.close() : self.open(true); });
    this.closeButton.addEventListener("click", function () { self.close(); });
    this.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); self.close(); }
    });
    this.languageSelect.addEventListener("change", function () {
      self.pickedLanguage = self.languageSelect.value;
      self.local.setItem(self.keys.language, self.pickedLanguage);
      self.applyLanguage(self.pickedLanguage);
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = self.input.value.trim();
      if (!text) return;
      self.input.value = "";
      self.add({ who: "buyer", text: text });
      self.send(text, {});
    });
    this.attachButton.addEventListener("click", function () { self.fileInput.click(); });
    this.fileInput.addEventListener("change", function () {
      var file = self.fileInput.files && self.fileInput.files[0];
      self.fileInput.value = "";
      if (file) self.upload(file);
    });
  };

  Widget.prototype.icon = function (path, stroke) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    if (stroke) {
      p.setAttribute("fill", "none");
      p.setAttribute("stroke", "currentColor");
      p.setAttribute("stroke-width", "2");
      p.setAttribute("stroke-linecap", "round");
    } else {
      p.setAttribute("fill", "currentColor");
    }
    svg.appendChild(p);
    return svg;
  };

  Widget.prototype.applyLanguage = function (code) {
    this.language = normalizeLanguage(code) || "en";
    var rtl = this.i18n.rtl.indexOf(this.language) >= 0;
    this.wrap.setAttribute("lang", this.language);
    this.wrap.setAttribute("dir", rtl ? "rtl" : "ltr");
    this.languageSelect.value = this.language;
    this.languageSelect.setAttribute("aria-label", this.t("language"));
    this.title.textContent = this.t("title", { shop: this.config.shopName });
    this.launcher.setAttribute("aria-label", this.t("launcher"));
    this.launcher.setAttribute("title", this.t("launcher"));
    this.closeButton.setAttribute("aria-label", this.t("close"));
    this.log.setAttribute("aria-label", this.t("log"));
    this.attachButton.setAttribute("aria-label", this.t("attach"));
    this.attachButton.setAttribute("title", this.t("attach"));
    this.input.setAttribute("aria-label", this.t("message"));
    this.input.setAttribute("placeholder", this.t("placeholder"));
    this.sendButton.textContent = this.t("send");
    var self = this;
    Array.prototype.forEach.call(this.log.querySelectorAll("[data-i18n]"), function (node) {
      node.textContent = self.t(node.getAttribute("data-i18n"));
    });
    Array.prototype.forEach.call(this.log.querySelectorAll("img[data-i18n-alt]"), function (node) {
      node.setAttribute("alt", self.t(node.getAttribute("data-i18n-alt")));
    });
    this.showBanner();
  };

  /* ---------- panel ---------- */

  Widget.prototype.isOpen = function () { return !this.panel.hidden; };

  Widget.prototype.open = function (focus) {
    this.panel.hidden = false;
    this.wrap.classList.add("sc-open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.badge.hidden = true;
    this.session.setItem(this.keys.open, "1");
    this.connect();
    this.scrollDown();
    if (focus !== false) this.input.focus();
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.wrap.classList.remove("sc-open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.session.setItem(this.keys.open, "0");
    this.launcher.focus();
  };

  Widget.prototype.scrollDown = function () { this.log.scrollTop = this.log.scrollHeight; };

  Widget.prototype.showError = function (key) {
    var self = this;
    this.error.textContent = this.t(key);
    this.error.hidden = false;
    clearTimeout(this.errorTimer);
    this.errorTimer = setTimeout(function () { self.error.hidden = true; }, 10000);
  };

  /* ---------- transcript ---------- */

  Widget.prototype.save = function () {
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES);
    try {
      this.local.setItem(this.keys.log, JSON.stringify(this.entries));
    } catch (e) { /* storage full: the conversation still works, it just won't survive a reload */ }
  };

  Widget.prototype.add = function (entry) {
    entry.at = Date.now();
    if (entry.who === "buyer") {  // buttons answer the latest question only
      if (this.handoff.state === "finished") {
        this.handoff = { state: "none" };
        this.showBanner();
      }
      this.entries.forEach(function (e) { delete e.replies; });
      Array.prototype.forEach.call(this.log.querySelectorAll(".sc-replies"), function (n) { n.remove(); });
    }
    this.entries.push(entry);
    this.save();
    this.render(entry);
    this.scrollDown();
    if (!this.isOpen() && entry.who !== "buyer") this.badge.hidden = false;
  };

  Widget.prototype.renderTranscript = function () {
    var self = this;
    this.entries.forEach(function (entry) { self.render(entry); });
    this.scrollDown();
  };

  Widget.prototype.render = function (entry) {
    var self = this;
    var who = ["buyer", "bot", "agent", "system"].indexOf(entry.who) >= 0 ? entry.who : "bot";
    var item = el("div", { className: "sc-msg sc-" + who });
    if (who === "system") {
      item.appendChild(el("div", { className: "sc-bubble", text: entry.text || "" }));
      this.log.appendChild(item);
      return;
    }
    var label = who === "buyer" ? "you" : who === "agent" ? "agent" : "bot";
    if (who === "agent") {
      var name = el("div", { className: "sc-author" });
      name.appendChild(document.createTextNode((entry.agent ? entry.agent + " · " : "")));
      name.appendChild(el("span", { "data-i18n": "agent", text: this.t("agent") }));
      item.appendChild(name);
    } else {
      item.appendChild(el("span", { className: "sc-sr", "data-i18n": label, text: this.t(label) }));
    }
    var bubble = el("div", { className: "sc-bubble" });
    if (entry.text) linkify(bubble, entry.text);
    var src = entry.image && safeUrl(entry.image);
    if (src) {
      var altKey = who === "buyer" ? "photo" : "image";
      var img = el("img", { src: src, alt: this.t(altKey), "data-i18n-alt": altKey, loading: "lazy" });
      img.addEventListener("load", function () { self.scrollDown(); });
      bubble.appendChild(el("a", { href: src, target: "_blank", rel: "noopener noreferrer nofollow",
                                   className: "sc-image" }, [img]));
    }
    item.appendChild(bubble);
    if (entry.replies && entry.replies.length) {
      var group = el("div", { className: "sc-replies", role: "group" });
      entry.replies.forEach(function (reply) {
        if (reply.url) {
          var href = safeUrl(reply.url);
          if (href) group.appendChild(el("a", { className: "sc-reply", href: href, target: "_blank",
                                                rel: "noopener noreferrer nofollow", text: reply.title }));
          return;
        }
        var button = el("button", { type: "button", className: "sc-reply", text: reply.title });
        button.addEventListener("click", function () {
          self.add({ who: "buyer", text: reply.title });
          self.send(reply.payload, {});
          self.input.focus();
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    this.log.appendChild(item);
  };

  /* ---------- socket.io ---------- */

  Widget.prototype.connect = function () {
    if (this.socket || !this.config.rasaUrl) return;
    var self = this;
    var socket = this.io(this.config.rasaUrl, {
      path: this.config.socketPath,
      transports: this.config.transports,
      reconnection: true,
      reconnectionDelayMax: 10000
    });
    this.socket = socket;
    socket.on("connect", function () {
      self.confirmed = false;
      socket.emit("session_request", { session_id: self.sessionId });
    });
    socket.on("session_confirm", function () {
      self.confirmed = true;
      if (!self.error.hidden && self.error.textContent === self.t("offline")) self.error.hidden = true;
      var queued = self.pending;
      self.pending = [];
      queued.forEach(function (payload) { socket.emit("user_uttered", payload); });
    });
    socket.on("disconnect", function (reason) {
      self.confirmed = false;
      if (reason !== "io client disconnect") self.showError("offline");
    });
    socket.on("bot_uttered", function (data) { self.receive(data || {}); });
  };

  Widget.prototype.send = function (text, extra) {
    this.connect();
    var meta = Object.assign({ locale: this.language }, extra || {});
    // A signed-in customer, as the shop's server signed them (docs/widget.md, "Signed-in
    // customers"): the bot then needs only the order number, not the email.
    if (this.config.identityEmail && this.config.identityHash) {
      meta.verified_email = String(this.config.identityEmail);
      meta.identity_hash = String(this.config.identityHash);
    }
    // Rasa reads metadata from one key (credentials.yml `metadata_key`, default "metadata");
    // the same object under both common names works with either setting.
    var payload = { message: text, session_id: this.sessionId, customData: meta, metadata: meta };
    if (this.confirmed) this.socket.emit("user_uttered", payload);
    else this.pending.push(payload);
  };

  /** Agent messages: recognised by `sender: "agent"` or an agent name, at the top level or
   *  under `metadata` / `custom` (docs/widget.md, "Agent messages"). */
  function agentOf(data) {
    var places = [data, data.metadata, data.custom, data.custom && data.custom.metadata];
    for (var i = 0; i < places.length; i++) {
      var p = places[i];
      if (!p || typeof p !== "object") continue;
      var name = p.agent_name || p.agentName || (p.agent && (p.agent.display_name || p.agent.name));
      if (p.sender === "agent" || p.role === "agent" || p.from === "agent" || name) {
        return { name: typeof name === "string" ? name : "" };
      }
    }
    return null;
  }

  Widget.prototype.receive = function (data) {
    var custom = data.custom && typeof data.custom === "object" ? data.custom : {};
    var text = typeof data.text === "string" ? data.text : typeof custom.text === "string" ? custom.text : "";
    var image = null;
    var attachment = data.attachment;
    if (attachment && typeof attachment === "object") {
      var payload = attachment.payload || {};
      var src = payload.src || payload.url || attachment.src || attachment.url;
      if (attachment.type === "image" || !attachment.type) image = src || null;
      else if (src) text = (text ? text + "\n" : "") + src;
    } else if (typeof attachment === "string") {
      image = attachment;
    }
    if (!image && typeof data.image === "string") image = data.image;
    var buttons = data.quick_replies || data.buttons || custom.quick_replies || custom.buttons || [];
    var replies = (Array.isArray(buttons) ? buttons : []).filter(function (b) { return b && b.title; })
      .map(function (b) {
        return b.type === "web_url" || (!b.payload && b.url)
          ? { title: String(b.title), url: String(b.url) }
          : { title: String(b.title), payload: String(b.payload || b.title) };
      });
    if (!text && !image && !replies.length) return;
    var agent = agentOf(data);
    var entry = { who: agent ? "agent" : "bot", text: text || "" };
    if (agent && agent.name) entry.agent = agent.name;
    if (image) entry.image = image;
    if (replies.length) entry.replies = replies;
    var active = this.handoff.state === "waiting" || this.handoff.state === "assigned";
    if (!agent && (active || this.inbox.length)) {
      // During a handoff the agent's messages come through Rasa as plain bot messages: ask the
      // handoff service who is talking now, then show them (in order) as agent or bot messages.
      this.inbox.push(entry);
      this.checkStatus();
      return;
    }
    this.deliver(entry);
    this.scheduleStatus();
  };

  Widget.prototype.deliver = function (entry) {
    this.add(entry);
    if (entry.who === "bot" && !this.pickedLanguage && entry.text) {
      var lang = replyLanguage(entry.text);
      if (lang && lang !== this.language) this.applyLanguage(lang);
    }
  };

  Widget.prototype.flushInbox = function () {
    var self = this;
    var entries = this.inbox;
    this.inbox = [];
    entries.forEach(function (entry) {
      if (self.handoff.state === "assigned") {
        entry.who = "agent";
        if (self.handoff.agent) entry.agent = self.handoff.agent;
      }
      self.deliver(entry);
    });
  };

  /* ---------- photo upload ---------- */

  Widget.prototype.upload = function (file) {
    var self = this;
    if (file.type && UPLOAD_TYPES.indexOf(file.type) < 0) return this.showError("bad_type");
    if (file.size > MAX_UPLOAD) return this.showError("too_large");
    var form = new FormData();
    form.append("file", file, file.name || "photo");
    this.attachButton.disabled = true;
    this.attachButton.setAttribute("aria-busy", "true");
    this.error.textContent = this.t("uploading");
    this.error.hidden = false;
    fetch(this.config.handoffUrl + "/api/uploads", { method: "POST", body: form })
      .then(function (response) {
        if (response.status === 413) throw new Error("too_large");
        if (response.status === 415) throw new Error("bad_type");
        if (response.status !== 201) throw new Error("upload_failed");
        return response.json();
      })
      .then(function (body) {
        var url = safeUrl(body && body.url);
        if (!url) throw new Error("upload_failed");
        self.error.hidden = true;
        self.add({ who: "buyer", image: url });
        self.send(url, { attachment_url: url });
      })
      .catch(function (err) {
        var key = ["too_large", "bad_type"].indexOf(err && err.message) >= 0 ? err.message : "upload_failed";
        self.showError(key);
      })
      .then(function () {
        self.attachButton.disabled = false;
        self.attachButton.removeAttribute("aria-busy");
      });
  };

  /* ---------- human handoff status ---------- */

  Widget.prototype.scheduleStatus = function () {
    var self = this;
    if (this.pollTimer) return;  // already polling: the next tick comes soon
    clearTimeout(this.statusSoon);
    this.statusSoon = setTimeout(function () { self.checkStatus(); }, 400);
  };

  Widget.prototype.checkStatus = function () {
    var self = this;
    if (this.checking) { this.checkAgain = true; return; }
    this.checking = true;
    clearTimeout(this.pollTimer);
    this.pollTimer = null;
    var url = this.config.handoffUrl + "/api/public/conversations/" + encodeURIComponent(this.sessionId) + "/status";
    fetch(url, { cache: "no-store" })
      .then(function (response) {
        if (response.status === 404) return { state: "none" };  // no handoff (or no such API yet)
        return response.ok ? response.json() : null;
      })
      .catch(function () { return null; })
      .then(function (status) {
        self.checking = false;
        if (status && typeof status === "object") self.applyStatus(status);
        self.flushInbox();
        if (self.checkAgain) {
          self.checkAgain = false;
          return self.checkStatus();
        }
        if (self.handoff.state === "waiting" || self.handoff.state === "assigned") {
          self.pollTimer = setTimeout(function () { self.checkStatus(); }, POLL_MS);
        }
      });
  };

  Widget.prototype.applyStatus = function (status) {
    var state = ["waiting", "assigned", "finished"].indexOf(status.state) >= 0 ? status.state : "none";
    var agent = typeof status.agent_name === "string" && status.agent_name ? status.agent_name : null;
    this.handoff = {
      state: state,
      position: Number(status.position) > 0 ? Math.round(Number(status.position)) : null,
      wait: Number(status.estimated_wait_s) >= 0 && status.estimated_wait_s !== null ? Number(status.estimated_wait_s) : null,
      agent: agent,
      typing: status.agent_typing === true
    };
    // The bot itself announces in the conversation that an agent joined or left (for every
    // channel); the widget only keeps the banner up to date.
    this.local.setItem(this.keys.handoff, JSON.stringify(this.handoff));
    this.showBanner();
  };

  Widget.prototype.showBanner = function () {
    var h = this.handoff;
    var text = "";
    var name = h.agent || this.t("someone");
    if (h.state === "waiting") {
      if (h.position && h.wait !== null) {
        text = this.t("queue", { position: h.position, minutes: Math.max(1, Math.round(h.wait / 60)) });
      } else if (h.position) {
        text = this.t("queue_short", { position: h.position });
      } else {
        text = this.t("queue_short", { position: "…" });
      }
    } else if (h.state === "assigned") {
      text = h.typing ? this.t("typing", { agent: name }) : this.t("joined", { agent: name });
    } else if (h.state === "finished") {
      text = this.t("finished");  // until the buyer writes again
    }
    if (this.banner.textContent !== text) this.banner.textContent = text;
    this.banner.hidden = !text;
    this.banner.className = "sc-banner" + (h.typing ? " sc-typing" : "");
  };

  /* ---------- start ---------- */

  function start() {
    readConfig().then(function (config) {
      var needs = [];
      if (!window.ShopChatI18n) needs.push(loadScript(base + "i18n/strings.js"));
      if (typeof window.io !== "function") needs.push(loadScript(base + "vendor/socket.io.min.js"));
      return Promise.all(needs).then(function () {
        if (!config.rasaUrl && window.console) console.warn("ShopChat: no rasaUrl configured (data-rasa-url)");
        var widget = new Widget(config, window.ShopChatI18n, window.io);
        window.ShopChat.open = function () { widget.open(true); };
        window.ShopChat.close = function () { widget.close(); };
        window.ShopChat.setLanguage = function (code) {
          widget.pickedLanguage = normalizeLanguage(code);
          if (widget.pickedLanguage) widget.local.setItem(widget.keys.language, widget.pickedLanguage);
          widget.applyLanguage(code);
        };
        window.ShopChat.sessionId = widget.sessionId;
        window.ShopChat.ready = true;
        document.dispatchEvent(new CustomEvent("shopchat:ready"));
      });
    }).catch(function (err) {
      if (window.console) console.error("ShopChat could not start:", err);
    });
  }

  window.ShopChat = { version: VERSION, ready: false };
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
