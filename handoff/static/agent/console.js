/* Agent console of the handoff service (docs/handoff-api.md).
 *
 * Plain JavaScript, no framework, nothing fetched from elsewhere. Everything that comes from
 * the API (buyer text above all) is put into the page with textContent / text nodes, never as
 * HTML: this file never uses innerHTML, outerHTML, insertAdjacentHTML or document.write.
 */
(function () {
  "use strict";

  const LANGUAGES = ["en", "es", "fr", "de", "pt", "it", "ru", "zh", "ja", "ar", "ko", "pl", "nl", "tr"];
  const LANGUAGE_NAMES = {
    en: "English", es: "Spanish", fr: "French", de: "German", pt: "Portuguese", it: "Italian",
    ru: "Russian", zh: "Chinese", ja: "Japanese", ar: "Arabic", ko: "Korean", pl: "Polish",
    nl: "Dutch", tr: "Turkish",
  };
  const TOKEN_KEY = "handoff-agent-token";
  const QUEUE_POLL_MS = 10000;   // fallback when WebSocket events are missed
  // WhatsApp/Messenger reply window: count down in its last 2 hours, in whole minutes (checked
  // every 15 s, so the minute shown and the switch to "closed" are at most 15 s late).
  const REPLY_WINDOW_WARN_S = 2 * 3600;
  const REPLY_WINDOW_TICK_MS = 15000;
  const PING_MS = 20000;
  const TYPING_EVERY_MS = 3000;
  const SEND_RETRIES = 5;
  const OPEN_STATUSES = ["waiting", "offered", "assigned"];
  const TAKEN = ["taken", "offered_to_other"];  // 409 codes meaning another agent won the race

  // ---------------------------------------------------------------- state
  const state = {
    token: null,
    agent: null,
    queue: [],            // QueueRow list as last fetched
    queueFetchedAt: 0,    // performance.now() of that fetch, to run the clocks locally
    mine: [],             // TicketSummary list (assigned to me)
    offers: new Map(),    // ticket id -> Ticket offered to me (from WebSocket "ticket" events)
    unread: new Set(),    // ticket ids with buyer messages not seen yet
    current: null,        // TicketView of the open conversation
    messageIds: new Set(),
    delivered: new Set(), // agent message ids Rasa accepted (WebSocket "delivered" events)
    pending: new Map(),   // idempotency_key -> {text, node}
    canned: { language: null, replies: [] },
    ws: null,
    wsAttempts: 0,
    wsTimer: null,
    pingTimer: null,
    pollTimer: null,
    clockTimer: null,
    windowTimer: null,
    lastTypingAt: 0,
    queueRefresh: null,   // in-flight queue fetch (coalesces bursts of queue events)
    queueAgain: false,
    generation: 0,        // bumped at each login/logout so stale callbacks do nothing
  };

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- DOM helpers (text only)
  /** el("p", {className: "x", dataset: {id: 1}}, "text", childNode, ...). Strings become text nodes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === "className") node.className = value;
        else if (key === "dataset") Object.assign(node.dataset, value);
        else if (key === "text") node.textContent = String(value);
        else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (const child of children) append(node, child);
    return node;
  }

  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) { child.forEach((c) => append(node, c)); return; }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function setText(node, text) {
    node.textContent = text === undefined || text === null ? "" : String(text);
  }

  // ---------------------------------------------------------------- formatting
  function toDate(value) {
    if (value === null || value === undefined || value === "") return null;
    if (typeof value === "number") return new Date(value < 1e12 ? value * 1000 : value);  // epoch s or ms
    const d = new Date(value);
    return isNaN(d.getTime()) ? null : d;
  }

  function formatTime(value) {
    const d = toDate(value);
    if (!d) return "";
    const sameDay = d.toDateString() === new Date().toDateString();
    return sameDay
      ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
      : d.toLocaleString([], { dateStyle: "short", timeStyle: "short" });
  }

  function formatDuration(seconds) {
    const s = Math.round(Math.abs(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const r = s % 60;
    const body = h ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}:${String(r).padStart(2, "0")}`;
    return seconds < 0 ? `-${body}` : body;
  }

  function languageName(code) {
    return LANGUAGE_NAMES[code] ? `${LANGUAGE_NAMES[code]} (${code})` : String(code || "?");
  }

  function agentLanguage() {
    const langs = (state.agent && state.agent.languages) || [];
    return langs[0] || "en";
  }

  function humanize(key) {
    const s = String(key).replace(/_/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function uuid() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    // randomUUID needs a secure context (https or localhost); getRandomValues does not.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // ---------------------------------------------------------------- API
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message || code || `HTTP ${status}`);
      this.status = status;
      this.code = code;
    }
  }

  class SessionExpired extends Error {}

  /** Calls the API with the session token. A 401 anywhere ends the session. */
  async function api(method, path, body) {
    const generation = state.generation;
    const headers = { Accept: "application/json" };
    if (state.token) headers.Authorization = `Bearer ${state.token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "same-origin",
    });  // a network error rejects with TypeError: callers that retry look for that
    if (response.status === 401) {
      if (generation === state.generation && state.token) sessionExpired();
      throw new SessionExpired("session expired");
    }
    if (generation !== state.generation) throw new SessionExpired("logged out meanwhile");
    if (response.status === 204) return null;
    let data = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) {
      try { data = await response.json(); } catch (e) { data = null; }
    }
    if (!response.ok) {
      throw new ApiError(response.status, data && data.error, data && data.message);
    }
    return data;
  }

  /** Shows an error that is not a session end (that one has its own screen). */
  function report(err, prefix) {
    if (err instanceof SessionExpired) return;
    const what = err instanceof ApiError ? err.message : "The handoff service is unreachable.";
    notice(prefix ? `${prefix}: ${what}` : what);
  }

  let noticeTimer = null;
  function notice(text) {
    const node = $("notice");
    setText(node, text);
    node.hidden = !text;
    clearTimeout(noticeTimer);
    if (text) noticeTimer = setTimeout(() => { node.hidden = true; }, 8000);
  }

  // ---------------------------------------------------------------- login / session
  function showLogin(message) {
    $("console-view").hidden = true;
    $("login-view").hidden = false;
    setText($("login-message"), message || "");
    $("login-password").value = "";
    (($("login-agent").value) ? $("login-password") : $("login-agent")).focus();
    document.title = "Agent console";
  }

  function stopSession() {
    state.generation += 1;
    state.token = null;
    state.agent = null;
    state.current = null;
    state.mine = [];
    state.offers.clear();
    state.queue = [];
    state.unread.clear();
    state.delivered.clear();
    state.messageIds.clear();
    state.pending.clear();
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* storage disabled */ }
    closeSocket();
    clearInterval(state.pollTimer);
    clearInterval(state.clockTimer);
    clearInterval(state.windowTimer);
    state.pollTimer = state.clockTimer = state.windowTimer = null;
  }

  function sessionExpired() {
    stopSession();
    showLogin("Session expired: please log in again.");
  }

  async function login(event) {
    event.preventDefault();
    const agentId = $("login-agent").value.trim();
    const password = $("login-password").value;
    if (!agentId || !password) {
      setText($("login-message"), "Enter your agent id and password.");
      return;
    }
    const button = $("login-submit");
    button.disabled = true;
    setText($("login-message"), "");
    try {
      const response = await fetch("/api/login", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ agent_id: agentId, password }),
        cache: "no-store",
      });
      if (response.status === 401) {
        setText($("login-message"), "Wrong agent id or password.");
        $("login-password").value = "";
        $("login-password").focus();
        return;
      }
      const data = await response.json().catch(() => null);
      if (!response.ok || !data || !data.token) {
        setText($("login-message"), (data && data.message) || `Login failed (HTTP ${response.status}).`);
        return;
      }
      try { sessionStorage.setItem(TOKEN_KEY, data.token); } catch (e) { /* storage disabled */ }
      startSession(data.token, data.agent);
    } catch (err) {
      setText($("login-message"), "The handoff service is unreachable. Try again in a moment.");
    } finally {
      button.disabled = false;
    }
  }

  async function logout() {
    try { await api("POST", "/api/logout"); } catch (e) { /* the session ends here anyway */ }
    stopSession();
    showLogin("You are logged out.");
  }

  async function startSession(token, agent) {
    state.generation += 1;
    state.token = token;
    state.agent = agent || null;
    $("login-view").hidden = true;
    $("console-view").hidden = false;
    $("login-password").value = "";
    showChat(null);
    renderQueue();  // nothing left over from an earlier session in this tab
    renderMine();
    try {
      if (!state.agent) state.agent = await api("GET", "/api/me");
    } catch (err) {
      if (err instanceof SessionExpired) return;
      // Keep the token: the service may be restarting; the calls below retry.
      report(err, "Could not load your profile");
    }
    renderAgent();
    refreshQueue();
    refreshMine();
    loadCanned();
    connectSocket();
    const generation = state.generation;
    state.pollTimer = setInterval(() => {
      if (generation !== state.generation) return;
      if (!state.agent) {
        api("GET", "/api/me").then((agent) => { state.agent = agent; renderAgent(); loadCanned(); }).catch(() => {});
      }
      refreshQueue();
      refreshMine();
      // Without a live socket, also fetch the open conversation so buyer messages show up.
      if (state.current && !(state.ws && state.ws.readyState === WebSocket.OPEN)) refreshCurrent();
    }, QUEUE_POLL_MS);
    state.clockTimer = setInterval(tickClocks, 1000);
    state.windowTimer = setInterval(tickReplyWindow, REPLY_WINDOW_TICK_MS);
  }

  // ---------------------------------------------------------------- header: agent
  function renderAgent() {
    const agent = state.agent;
    if (!agent) return;
    setText($("agent-name"), agent.display_name || agent.id);
    $("agent-status").value = agent.status === "away" ? "away" : "online";
    document.title = `Agent console: ${agent.display_name || agent.id}`;
    const box = $("languages");
    box.querySelectorAll(".lang").forEach((n) => n.remove());
    const mine = agent.languages || [];
    for (const code of LANGUAGES) {
      const id = `lang-${code}`;
      box.appendChild(el("div", { className: "lang" },
        el("input", { type: "checkbox", id, value: code, checked: mine.includes(code), onchange: changeLanguages }),
        el("label", { for: id, title: LANGUAGE_NAMES[code] }, code)));
    }
    setText($("languages-summary"), mine.join(", ") || "none");
    setText($("composer-language"), `(in ${languageName(agentLanguage())})`);
  }

  async function changeStatus() {
    const select = $("agent-status");
    const wanted = select.value;
    select.disabled = true;
    try {
      state.agent = await api("PATCH", "/api/me", { status: wanted });
      renderAgent();
      refreshQueue();
    } catch (err) {
      report(err, "Could not change your status");
      renderAgent();
    } finally {
      select.disabled = false;
    }
  }

  async function changeLanguages() {
    const checked = LANGUAGES.filter((code) => $(`lang-${code}`).checked);
    if (!checked.length) {
      notice("Keep at least one language.");
      renderAgent();
      return;
    }
    // Keep the agent's own order (the first language is the console language), add new ones last.
    const current = (state.agent && state.agent.languages) || [];
    const languages = current.filter((c) => checked.includes(c)).concat(checked.filter((c) => !current.includes(c)));
    const before = agentLanguage();
    try {
      state.agent = await api("PATCH", "/api/me", { languages });
      renderAgent();
      refreshQueue();
      if (agentLanguage() !== before) loadCanned();
    } catch (err) {
      report(err, "Could not change your languages");
      renderAgent();
    }
  }

  // ---------------------------------------------------------------- queue
  function refreshQueue() {
    // Coalesce: a burst of {"type":"queue"} events makes at most one extra fetch.
    if (state.queueRefresh) { state.queueAgain = true; return state.queueRefresh; }
    const generation = state.generation;
    state.queueRefresh = (async () => {
      try {
        const data = await api("GET", "/api/queue");
        if (generation !== state.generation) return;
        state.queue = (data && data.tickets) || [];
        state.queueFetchedAt = performance.now();
        renderQueue();
      } catch (err) {
        if (!(err instanceof SessionExpired)) setText($("queue-message"), "Could not load the queue; retrying.");
      } finally {
        state.queueRefresh = null;
        if (state.queueAgain && generation === state.generation) { state.queueAgain = false; refreshQueue(); }
      }
    })();
    return state.queueRefresh;
  }

  function renderQueue() {
    const body = $("queue-rows");
    clear(body);
    for (const row of state.queue) {
      const t = row.ticket || {};
      const tr = el("tr", { dataset: { ticketId: t.id }, className: `priority-${t.priority}` },
        el("td", null, el("span", { className: `badge priority-${t.priority}` }, t.priority || "")),
        el("td", { lang: "en", title: LANGUAGE_NAMES[t.language] || "" }, t.language || "?"),
        el("td", { className: "topic" }, t.topic || "general",
          t.order_id ? el("span", { className: "sub" }, ` ${t.order_id}`) : null),
        el("td", { className: "waiting" }),
        el("td", { className: "sla" }),
        el("td", null, el("button", {
          type: "button", className: "claim", "aria-label": `Claim ${t.topic || "ticket"} ${t.id}`,
          onclick: () => claim(t.id),
        }, "Claim")));
      body.appendChild(tr);
    }
    setText($("queue-count"), state.queue.length ? `(${state.queue.length})` : "");
    $("queue-empty").hidden = state.queue.length > 0;
    $("queue").hidden = state.queue.length === 0;
    tickClocks();
  }

  function tickClocks() {
    const elapsed = (performance.now() - state.queueFetchedAt) / 1000;
    const rows = $("queue-rows").children;
    state.queue.forEach((row, i) => {
      const tr = rows[i];
      if (!tr) return;
      const t = row.ticket || {};
      setText(tr.querySelector(".waiting"), formatDuration((row.waiting_s || 0) + elapsed));
      const cell = tr.querySelector(".sla");
      if (row.first_response_left_s === null || row.first_response_left_s === undefined) {
        setText(cell, "answered");
        cell.classList.remove("late");
        return;
      }
      const left = row.first_response_left_s - elapsed;
      const late = left < 0 || t.sla_breached === true;
      cell.classList.toggle("late", late);
      tr.classList.toggle("late", late);
      clear(cell);
      append(cell, [formatDuration(left), late ? el("span", { className: "late-mark" }, " late") : null]);
    });
  }

  async function claim(ticketId) {
    setText($("queue-message"), "");
    try {
      const ticket = await api("POST", `/api/tickets/${encodeURIComponent(ticketId)}/claim`);
      await afterClaim(ticket || { id: ticketId });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && TAKEN.includes(err.code)) {
        setText($("queue-message"), "This ticket was taken by another agent.");
        notice("Taken by another agent.");
      } else if (err instanceof ApiError && err.status === 409) {
        setText($("queue-message"), `You cannot take this ticket: ${err.message}`);
      } else {
        report(err, "Could not claim the ticket");
      }
      refreshQueue();
    }
  }

  async function takeNext() {
    const button = $("take-next");
    button.disabled = true;
    setText($("queue-message"), "");
    try {
      const ticket = await api("POST", "/api/queue/claim-next");
      if (!ticket) {
        setText($("queue-message"), "No waiting ticket fits you right now.");
      } else {
        await afterClaim(ticket);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && TAKEN.includes(err.code)) {
        setText($("queue-message"), "That ticket was taken by another agent; try again.");
      } else if (err instanceof ApiError && err.status === 409) {
        setText($("queue-message"), `You cannot take a ticket now: ${err.message}`);
      } else {
        report(err, "Could not take the next ticket");
      }
    } finally {
      button.disabled = false;
      refreshQueue();
    }
  }

  async function afterClaim(ticket) {
    upsertMine(ticket);
    refreshQueue();
    refreshMine();
    await openTicket(ticket.id);
  }

  // ---------------------------------------------------------------- my chats
  async function refreshMine() {
    const generation = state.generation;
    try {
      const data = await api("GET", "/api/tickets/mine");
      if (generation !== state.generation) return;
      state.mine = (data && data.tickets) || [];
      renderMine();
    } catch (err) {
      if (!(err instanceof SessionExpired)) { /* the next poll retries */ }
    }
  }

  function upsertMine(ticket) {
    if (!ticket || !ticket.id) return;
    if (ticket.status === "offered") { state.offers.set(ticket.id, ticket); renderMine(); return; }
    state.offers.delete(ticket.id);
    const i = state.mine.findIndex((t) => t.id === ticket.id);
    if (i >= 0) state.mine[i] = Object.assign({}, state.mine[i], ticket);
    else state.mine.push(ticket);
    renderMine();
  }

  function removeMine(ticketId) {
    state.mine = state.mine.filter((t) => t.id !== ticketId);
    state.offers.delete(ticketId);
    state.unread.delete(ticketId);
    renderMine();
  }

  function renderMine() {
    const list = $("mine");
    clear(list);
    const now = Date.now() / 1000;
    for (const [id, offer] of state.offers) {
      if (state.mine.some((t) => t.id === id) || (offer.offer_deadline && offer.offer_deadline < now)) {
        state.offers.delete(id);
      }
    }
    const shown = state.mine.concat(Array.from(state.offers.values()));
    for (const t of shown) {
      const current = state.current && state.current.id === t.id;
      const unread = state.unread.has(t.id);
      list.appendChild(el("li", { dataset: { ticketId: t.id }, className: unread ? "unread" : "" },
        el("button", {
          type: "button", className: "open-chat", "aria-current": current ? "true" : null,
          onclick: () => openTicket(t.id),
        },
        el("span", { className: "topic" }, t.topic || "general"),
        el("span", { className: "sub" }, ` ${t.language || "?"}${t.order_id ? " · " + t.order_id : ""}`),
        t.status === "offered" ? el("span", { className: "badge" }, " offered") : null,
        unread ? el("span", { className: "badge new" }, " new message") : null)));
    }
    setText($("mine-count"), shown.length ? `(${shown.length})` : "");
    $("mine-empty").hidden = shown.length > 0;
  }

  // ---------------------------------------------------------------- conversation
  function showChat(view) {
    $("chat-empty").hidden = !!view;
    $("chat-body").hidden = !view;
    if (!view) {
      state.current = null;
      state.messageIds.clear();
      state.pending.clear();
      clear($("messages"));
    }
  }

  async function openTicket(ticketId) {
    const generation = state.generation;
    try {
      const view = await api("GET", `/api/tickets/${encodeURIComponent(ticketId)}`);
      if (generation !== state.generation) return;
      const switching = !state.current || state.current.id !== view.id;
      if (switching) $("composer-text").value = "";
      renderTicket(view);
      state.unread.delete(view.id);
      renderMine();
      if (switching) $("composer-text").focus();
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
        removeMine(ticketId);
        notice("That chat is no longer yours.");
      } else {
        report(err, "Could not open the chat");
      }
    }
  }

  async function refreshCurrent() {
    if (!state.current) return;
    const id = state.current.id;
    try {
      const view = await api("GET", `/api/tickets/${encodeURIComponent(id)}`);
      if (state.current && state.current.id === id) mergeTicket(view);
    } catch (err) { /* the next poll retries */ }
  }

  function renderTicket(view) {
    state.current = view;
    state.messageIds.clear();
    state.pending.clear();
    showChat(view);
    setText($("chat-title"), `${humanize(view.topic || "general")} · ${view.language || "?"}${view.order_id ? " · " + view.order_id : ""}`);
    renderTicketMeta(view);
    setText($("chat-summary"), view.summary || "(no summary)");

    const ctx = view.context || {};
    const order = $("chat-order");
    clear(order);
    if (ctx.order && typeof ctx.order === "object") order.appendChild(definitionList(ctx.order));
    else order.appendChild(el("p", { className: "hint" }, view.order_id ? `Order ${view.order_id} (no details)` : "No order."));
    $("order-box").open = !!ctx.order;

    const cases = $("chat-cases");
    clear(cases);
    const caseList = Array.isArray(ctx.cases) ? ctx.cases : [];
    caseList.forEach((c, i) => {
      cases.appendChild(el("h4", null, (c && (c.id || c.case_id)) ? `Case ${c.id || c.case_id}` : `Case ${i + 1}`));
      cases.appendChild(definitionList(c));
    });
    if (!caseList.length) {
      const ids = view.case_ids || [];
      cases.appendChild(el("p", { className: "hint" }, ids.length ? `Cases: ${ids.join(", ")}` : "No cases."));
    }
    setText($("cases-count"), caseList.length ? `(${caseList.length})` : "");
    $("cases-box").open = caseList.length > 0;

    const transcript = $("transcript");
    clear(transcript);
    const lines = Array.isArray(view.transcript) ? view.transcript : [];
    for (const line of lines) {
      transcript.appendChild(el("li", { className: `line ${line.sender === "buyer" ? "buyer" : "bot"}` },
        el("span", { className: "who" }, line.sender === "buyer" ? "Buyer" : "Bot"),
        line.timestamp ? el("time", { className: "at" }, ` ${formatTime(line.timestamp)}`) : null,
        el("span", { className: "text", lang: line.sender === "buyer" ? view.language || null : null }, line.text || "")));
    }
    setText($("transcript-count"), `(${lines.length})`);

    clear($("messages"));
    for (const m of view.messages || []) addMessage(m);
    updateComposerState();
  }

  /** A refetch of the open ticket: new messages and status, without redrawing what the agent reads. */
  function mergeTicket(view) {
    const messages = view.messages || [];
    state.current = Object.assign({}, view, { messages: state.current ? state.current.messages : [] });
    renderTicketMeta(view);
    for (const m of messages) addMessage(m);
    updateComposerState();
  }

  function renderTicketMeta(view) {
    const bits = [`Status: ${view.status}`, `Priority: ${view.priority}`, `Channel: ${view.channel || "?"}`];
    if (view.created_at) bits.push(`Opened ${formatTime(view.created_at)}`);
    if (view.sla_breached) bits.push("First reply late");
    setText($("chat-meta"), bits.join(" · "));
  }

  function updateComposerState() {
    const view = state.current;
    const open = !!view && view.status === "assigned" && (!view.agent_id || !state.agent || view.agent_id === state.agent.id);
    $("composer-text").disabled = !open;
    $("send").disabled = !open;
    $("resume").disabled = !open;
    $("close").disabled = !open;
    const me = state.agent && state.agent.id;
    $("accept").hidden = !(view && view.status === "offered" && (!view.agent_id || view.agent_id === me));
    const info = $("buyer-state");
    if (!view) setText(info, "");
    else if (view.status === "resumed") setText(info, "Handed back to the bot.");
    else if (view.status === "closed") setText(info, "Closed.");
    else if (view.status === "offered") setText(info, "Offered to you: accept it to reply.");
    else if (!open) setText(info, `This chat is ${view.status}.`);
    else setText(info, replyWindowText(view.reply_window_closes_at, Date.now() / 1000));
    info.classList.toggle("warning", !!view && open && !!view.reply_window_closes_at &&
      view.reply_window_closes_at - Date.now() / 1000 < REPLY_WINDOW_WARN_S);
  }

  /** WhatsApp and Messenger accept a reply only until `closesAt` (epoch s; null: no window):
   *  a countdown in its last two hours, then why a reply cannot be sent. */
  function replyWindowText(closesAt, now) {
    if (!closesAt) return "";
    const left = closesAt - now;
    if (left <= 0) {
      return "The buyer's reply window has closed: their app (WhatsApp or Messenger) will not " +
        "accept a reply until they write again.";
    }
    if (left >= REPLY_WINDOW_WARN_S) return "";
    const minutes = Math.ceil(left / 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    const parts = [h ? `${h} h` : "", m || !h ? `${m} min` : ""].filter(Boolean);
    return `Reply window closes in ${parts.join(" ")}: after that the buyer's app (WhatsApp or ` +
      "Messenger) will not accept a reply until they write again.";
  }

  /** The reply-window countdown, redrawn only when its text changes (a live region). */
  function tickReplyWindow() {
    const view = state.current;
    if (!view || !view.reply_window_closes_at || view.status !== "assigned") return;
    const text = replyWindowText(view.reply_window_closes_at, Date.now() / 1000);
    if ($("buyer-state").textContent !== text) updateComposerState();
  }

  /** Key fields of an object as a <dl>; nested objects become nested lists. Text only. */
  function definitionList(obj, depth) {
    depth = depth || 0;
    const dl = el("dl", { className: "fields" });
    if (obj === null || typeof obj !== "object") {
      dl.appendChild(el("dt", null, "Value"));
      dl.appendChild(el("dd", null, String(obj)));
      return dl;
    }
    for (const [key, value] of Object.entries(obj)) {
      if (value === null || value === undefined || value === "") continue;
      dl.appendChild(el("dt", null, humanize(key)));
      dl.appendChild(el("dd", null, fieldValue(value, depth)));
    }
    return dl;
  }

  function fieldValue(value, depth) {
    if (typeof value !== "object") return String(value);
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== "object")) return value.join(", ");
      if (depth >= 2) return JSON.stringify(value);
      return el("ol", { className: "items" }, value.map((v) => el("li", null,
        typeof v === "object" && v !== null ? definitionList(v, depth + 1) : String(v))));
    }
    if (depth >= 2) return JSON.stringify(value);
    return definitionList(value, depth + 1);
  }

  function messageNode(m) {
    const sender = m.sender === "buyer" || m.sender === "agent" ? m.sender : "system";
    const who = sender === "buyer" ? "Buyer" : sender === "agent"
      ? (m.agent_id && state.agent && m.agent_id !== state.agent.id ? `Agent ${m.agent_id}` : "You")
      : "System";
    const node = el("div", { className: `msg ${sender}`, dataset: { messageId: m.id || "" } },
      el("div", { className: "msg-head" },
        el("span", { className: "who" }, who),
        m.at ? el("time", { className: "at" }, ` ${formatTime(m.at)}`) : null,
        sender === "agent" && m.id && state.delivered.has(m.id)
          ? el("span", { className: "delivered" }, " · delivered") : null));
    const lang = state.current && state.current.language;
    if (sender === "buyer") {
      node.appendChild(el("p", { className: "original", lang: lang || null }, m.text || ""));
      const tr = m.translation;
      if (tr && tr.text && tr.text !== m.text) {
        node.appendChild(el("p", { className: "translation", lang: tr.language || null },
          el("span", { className: "label" }, `Translation (${tr.language || agentLanguage()}): `), tr.text));
      }
    } else if (sender === "agent") {
      node.appendChild(el("p", { className: "original" }, m.text || ""));
      if (m.buyer_text && m.buyer_text !== m.text) {
        node.appendChild(el("p", { className: "buyer-text", lang: lang || null },
          el("span", { className: "label" }, `Buyer received${lang ? " (" + lang + ")" : ""}: `), m.buyer_text));
      }
    } else {
      node.appendChild(el("p", { className: "original" }, m.text || ""));
    }
    return node;
  }

  function markDelivered(messageId) {
    if (!messageId) return;
    state.delivered.add(messageId);
    for (const node of $("messages").querySelectorAll(".msg.agent")) {
      if (node.dataset.messageId === messageId && !node.querySelector(".delivered")) {
        node.querySelector(".msg-head").appendChild(el("span", { className: "delivered" }, " · delivered"));
      }
    }
  }

  /** Appends a message once (WebSocket events, POST answers and refetches all deliver it). */
  function addMessage(m) {
    if (!m) return;
    if (m.id && state.messageIds.has(m.id)) return;
    if (m.id) state.messageIds.add(m.id);
    const log = $("messages");
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    const node = messageNode(m);
    // Our own message already shown as pending: replace it in place.
    const key = m.idempotency_key;
    if (key && state.pending.has(key)) {
      const p = state.pending.get(key);
      state.pending.delete(key);
      if (p.node.parentNode === log) { log.replaceChild(node, p.node); return; }
    }
    // Keep pending (not yet stored) messages last.
    const firstPending = log.querySelector(".msg.pending");
    if (firstPending) log.insertBefore(node, firstPending);
    else log.appendChild(node);
    if (state.current && Array.isArray(state.current.messages)) state.current.messages.push(m);
    if (atBottom || m.sender === "agent") log.scrollTop = log.scrollHeight;
  }

  // ---------------------------------------------------------------- composer
  async function sendReply(event) {
    event.preventDefault();
    const input = $("composer-text");
    const text = input.value.trim();
    if (!text || !state.current) return;
    input.value = "";
    const ticketId = state.current.id;
    const key = uuid();
    const node = el("div", { className: "msg agent pending", dataset: { key } },
      el("div", { className: "msg-head" }, el("span", { className: "who" }, "You"),
        el("span", { className: "state" }, " sending…")),
      el("p", { className: "original" }, text));
    const log = $("messages");
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    const pending = { text, node, ticketId, sent: false };
    state.pending.set(key, pending);
    await deliver(key, pending);
    input.focus();
  }

  /** POSTs a reply; on a network error retries with the SAME idempotency key. */
  async function deliver(key, pending) {
    const generation = state.generation;
    const status = pending.node.querySelector(".state");
    const retry = pending.node.querySelector(".retry");
    if (retry) retry.remove();
    pending.node.classList.remove("failed");
    for (let attempt = 0; attempt <= SEND_RETRIES; attempt += 1) {
      if (generation !== state.generation) return;
      setText(status, attempt ? ` sending… (retry ${attempt})` : " sending…");
      try {
        const message = await api("POST", `/api/tickets/${encodeURIComponent(pending.ticketId)}/messages`,
          { text: pending.text, idempotency_key: key });
        pending.sent = true;
        if (state.current && state.current.id === pending.ticketId && message) {
          addMessage(Object.assign({ idempotency_key: key }, message));
        }
        state.pending.delete(key);
        if (pending.node.parentNode) pending.node.remove();
        return;
      } catch (err) {
        if (err instanceof SessionExpired) return;
        const transient = !(err instanceof ApiError) || err.status >= 500;  // TypeError = network
        if (!transient || attempt === SEND_RETRIES) {
          pending.node.classList.add("failed");
          setText(status, ` not sent: ${err instanceof ApiError ? err.message : "network error"}`);
          if (transient || (err instanceof ApiError && err.status === 429)) {
            pending.node.appendChild(el("button", {
              type: "button", className: "retry", onclick: () => deliver(key, pending),
            }, "Retry"));
          } else {
            state.pending.delete(key);
          }
          return;
        }
        await new Promise((r) => setTimeout(r, Math.min(8000, 500 * 2 ** attempt)));
      }
    }
  }

  function composerKeydown(event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  }

  function typing() {
    if (!state.current || state.current.status !== "assigned") return;
    const now = Date.now();
    if (now - state.lastTypingAt < TYPING_EVERY_MS) return;
    state.lastTypingAt = now;
    const ticketId = state.current.id;
    if (state.ws && state.ws.readyState === WebSocket.OPEN) {
      state.ws.send(JSON.stringify({ type: "typing", ticket_id: ticketId }));
    } else {
      api("POST", `/api/tickets/${encodeURIComponent(ticketId)}/typing`).catch(() => {});
    }
  }

  async function loadCanned() {
    const language = agentLanguage();
    const generation = state.generation;
    try {
      const data = await api("GET", `/api/canned?language=${encodeURIComponent(language)}`);
      if (generation !== state.generation) return;
      state.canned = { language, replies: (data && data.replies) || [] };
    } catch (err) {
      state.canned = { language, replies: [] };
    }
    renderCanned();
  }

  function renderCanned() {
    const list = $("canned");
    clear(list);
    for (const reply of state.canned.replies) {
      list.appendChild(el("li", null, el("button", {
        type: "button", className: "canned-reply", title: reply.text,
        onclick: () => insertCanned(reply.text || ""),
      }, reply.title || reply.text || "")));
    }
    if (!state.canned.replies.length) list.appendChild(el("li", { className: "hint" }, "No canned replies."));
  }

  function insertCanned(text) {
    const input = $("composer-text");
    if (input.disabled) return;
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? input.value.length;
    input.setRangeText(text, start, end, "end");
    input.focus();
  }

  async function finish(action) {
    if (!state.current) return;
    const ticketId = state.current.id;
    const buttons = [$("resume"), $("close")];
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await api("POST", `/api/tickets/${encodeURIComponent(ticketId)}/${action}`);
      removeMine(ticketId);
      if (state.current && state.current.id === ticketId) showChat(null);
      notice(action === "resume" ? "Handed back to the bot." : "Chat closed.");
      refreshMine();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        removeMine(ticketId);
        if (state.current && state.current.id === ticketId) showChat(null);
        notice("This chat was already finished.");
        refreshMine();
      } else {
        report(err, action === "resume" ? "Could not hand back to the bot" : "Could not close the chat");
        updateComposerState();
      }
    }
  }

  // ---------------------------------------------------------------- WebSocket
  function connectSocket() {
    closeSocket();
    if (!state.token) return;
    const generation = state.generation;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const url = `${scheme}//${location.host}/api/ws?token=${encodeURIComponent(state.token)}`;
    let ws;
    try { ws = new WebSocket(url); } catch (e) { scheduleReconnect(generation); return; }
    state.ws = ws;
    setConnection("connecting");
    ws.onopen = () => {
      if (generation !== state.generation) { ws.close(); return; }
      state.wsAttempts = 0;
      setConnection("online");
      clearInterval(state.pingTimer);
      state.pingTimer = setInterval(() => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "ping" }));
      }, PING_MS);
      // Catch up with what happened while disconnected.
      refreshQueue();
      refreshMine();
      refreshCurrent();
    };
    ws.onmessage = (event) => {
      if (generation !== state.generation) return;
      let data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      handleEvent(data);
    };
    ws.onclose = () => {
      clearInterval(state.pingTimer);
      if (state.ws === ws) state.ws = null;
      if (generation !== state.generation) return;
      setConnection("offline");
      scheduleReconnect(generation);
    };
    ws.onerror = () => { /* onclose follows */ };
  }

  function scheduleReconnect(generation) {
    clearTimeout(state.wsTimer);
    const delay = Math.min(30000, 1000 * 2 ** Math.min(state.wsAttempts, 5)) * (0.75 + Math.random() * 0.5);
    state.wsAttempts += 1;
    state.wsTimer = setTimeout(async () => {
      if (generation !== state.generation) return;
      // A closed socket may mean an expired token: ask the API, which handles the 401.
      try { await api("GET", "/api/me"); } catch (err) { if (err instanceof SessionExpired) return; }
      if (generation === state.generation) connectSocket();
    }, delay);
  }

  function closeSocket() {
    clearTimeout(state.wsTimer);
    clearInterval(state.pingTimer);
    const ws = state.ws;
    state.ws = null;
    if (ws) {
      ws.onclose = null;
      try { ws.close(1000); } catch (e) { /* already closed */ }
    }
    setConnection("offline");
  }

  function setConnection(s) {
    const node = $("connection");
    node.dataset.state = s;
    setText(node, s === "online" ? "Live" : s === "connecting" ? "Connecting…" : "Offline (retrying)");
  }

  function handleEvent(data) {
    if (!data || typeof data !== "object") return;
    switch (data.type) {
      case "queue":
        refreshQueue();
        break;
      case "message": {
        const m = data.message;
        if (!m) break;
        if (state.current && state.current.id === data.ticket_id) {
          addMessage(m);
          if ("reply_window_closes_at" in data) {  // the buyer wrote: their app accepts replies again
            state.current.reply_window_closes_at = data.reply_window_closes_at;
            updateComposerState();
          }
        } else if (m.sender === "buyer" && state.mine.some((t) => t.id === data.ticket_id)) {
          state.unread.add(data.ticket_id);
          renderMine();
        }
        break;
      }
      case "ticket": {
        const t = data.ticket;
        if (!t || !t.id) break;
        const me = state.agent && state.agent.id;
        const ours = t.agent_id && me && t.agent_id === me;
        if (ours && (t.status === "assigned" || t.status === "offered")) {
          upsertMine(t);
        } else if (state.mine.some((x) => x.id === t.id) || state.offers.has(t.id)) {
          removeMine(t.id);
        }
        if (state.current && state.current.id === t.id) {
          state.current = Object.assign({}, state.current, t, { messages: state.current.messages });
          renderTicketMeta(state.current);
          updateComposerState();
          if (!OPEN_STATUSES.includes(t.status) || (t.agent_id && me && t.agent_id !== me)) {
            renderMine();
          }
        }
        refreshQueue();
        break;
      }
      case "delivered":  // the relay handed an agent message to Rasa for the buyer's channel
        if (state.current && state.current.id === data.ticket_id) markDelivered(data.message_id);
        else if (data.message_id) state.delivered.add(data.message_id);
        break;
      default:
        break;  // "pong" and anything newer
    }
  }

  // ---------------------------------------------------------------- start
  function init() {
    $("login-form").addEventListener("submit", login);
    $("logout").addEventListener("click", logout);
    $("agent-status").addEventListener("change", changeStatus);
    $("take-next").addEventListener("click", takeNext);
    $("composer").addEventListener("submit", sendReply);
    $("composer-text").addEventListener("keydown", composerKeydown);
    $("composer-text").addEventListener("input", typing);
    $("resume").addEventListener("click", () => finish("resume"));
    $("close").addEventListener("click", () => finish("close"));
    $("accept").addEventListener("click", () => { if (state.current) claim(state.current.id); });

    let token = null;
    try { token = sessionStorage.getItem(TOKEN_KEY); } catch (e) { /* storage disabled */ }
    if (token) {
      startSession(token, null);
    } else {
      showLogin("");
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
