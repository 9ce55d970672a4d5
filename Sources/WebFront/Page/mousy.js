// The page's session with the server: the same rules as the terminal's (Net's
// ClientSession): log in with the resume token on a reconnect, bounce every ping, call a
// server silent after three missed pings, retry "name already playing" only while
// reconnecting, and say the true reason. One message per WebSocket text frame:
// {"kind": "MouseMove", "msg": {...}}, protobuf's JSON mapping.
"use strict";

(() => {
  const draw = window.MousyDraw;
  const $ = (id) => document.getElementById(id);
  const KINDS = ["PLAYER_LOGIN", "MOUSE_EVENT", "PING_EVENT", "LOGIN_RESULT", "PLAYER_CURSOR",
                 "PLAYER_LOGOUT", "CHAT", "GAME_OBJECT"];
  const NAME_TAKEN = "name already playing";
  const MOVES_PER_SECOND = 20;
  const s = {
    name: "", password: "", token: "", socket: null, everLoggedIn: false, loggedIn: false,
    attempt: 0, pingIntervalMs: 0, lastHeard: 0, reason: "", goodbye: "", retry: null,
    silence: null, final: false,
    pointer: { x: 0, y: 0, left: false, right: false }, lastSent: 0, pendingMove: null,
  };

  function status(state, text) {
    const line = s.reason && !text.includes(s.reason) && state !== "playing" ? `${text} · ${s.reason}` : text;
    $("status").dataset.state = state;
    $("status").textContent = line;
  }

  function send(kind, msg) {
    if (s.socket && s.socket.readyState === WebSocket.OPEN) s.socket.send(JSON.stringify({ kind, msg }));
  }

  function connect() {
    clearTimeout(s.retry);
    s.attempt += 1;
    s.loggedIn = false;
    s.goodbye = "";
    status(s.everLoggedIn ? "reconnecting" : "connecting", s.attempt > 1 ? `connecting (attempt ${s.attempt})` : "connecting");
    const socket = new WebSocket(`ws://${location.host}/ws`);
    s.socket = socket;
    socket.onopen = () => {
      const login = { username: s.name, password: s.password, understands: KINDS };
      if (s.everLoggedIn && s.token) login.resumeToken = s.token;
      send("PlayerLogin", login);
      watchSilence(15000);
    };
    socket.onmessage = (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (frame && typeof frame.kind === "string" && frame.msg && typeof frame.msg === "object") received(frame.kind, frame.msg);
    };
    socket.onclose = () => { if (s.socket === socket) closed(); };
  }

  function received(kind, m) {
    s.lastHeard = Date.now();
    if (s.pingIntervalMs) watchSilence(Math.max(1500, 3 * s.pingIntervalMs));
    switch (kind) {
      case "LoginResult": return loginResult(m);
      case "Ping": return ping(m);
      case "PlayerCursor": return draw.cursor(m.username ?? "", m.x ?? 0, m.y ?? 0, !!m.leftClick, !!m.rightClick);
      case "PlayerLogout": return logout(m);
      case "Chat": return chat(m.sender ?? "", m.text ?? "");
      case "GameObject": return draw.object(m);
      default: return;  // a kind this page does not know: skipped
    }
  }

  function loginResult(m) {
    if (!m.ok) {
      const reason = m.reason || "no reason given";
      if (s.everLoggedIn && reason === NAME_TAKEN) {
        s.reason = reason;  // the old session may still be held: retry with the backoff
      } else {
        s.final = true;
        s.reason = reason;
        status("refused", `refused · ${reason}`);
        $("join").disabled = false;
      }
      return;
    }
    s.loggedIn = true;
    s.everLoggedIn = true;
    s.attempt = 0;
    s.reason = "";
    s.token = m.resumeToken ?? "";
    s.pingIntervalMs = m.pingIntervalMs ?? 0;
    draw.clear();
    draw.setWorld(m.worldWidth ?? 0, m.worldHeight ?? 0);
    $("online").textContent = String(m.playersOnline ?? 0);
    status("playing", "logged in");
    sendPointer();
  }

  function ping(m) {
    send("Ping", { ...m, bounceEpoch: String(Date.now() * 1000) });
    if (m.playersOnline !== undefined) $("online").textContent = String(m.playersOnline);
    const rtt = m.rttUs ? `${(m.rttUs / 1000).toFixed(1)} ms` : "-";
    $("rtt").textContent = rtt;
    const entry = document.createElement("li");
    entry.textContent = `${new Date().toLocaleTimeString()} round trip ${rtt}`;
    $("pings").prepend(entry);
    while ($("pings").children.length > 8) $("pings").lastChild.remove();
  }

  function logout(m) {
    if (m.username === s.name) {
      s.goodbye = m.reason || "no reason given";
    } else {
      draw.leave(m.username ?? "");
      chat("", `${m.username ?? ""} left (${m.reason || "no reason given"})`);
    }
  }

  function chat(sender, text) {
    const line = document.createElement("li");
    line.textContent = sender ? `${sender}: ${text}` : text;
    if (!sender) line.className = "notice";
    $("chat").append(line);
    while ($("chat").children.length > 50) $("chat").firstChild.remove();
    $("chat").scrollTop = $("chat").scrollHeight;
  }

  function watchSilence(ms) {
    clearTimeout(s.silence);
    s.silence = setTimeout(() => {
      s.reason = "The server went silent.";
      if (s.socket) s.socket.close();
    }, ms);
  }

  // The socket closed: say why, and come back with the backoff unless that was final.
  function closed() {
    clearTimeout(s.silence);
    s.socket = null;
    s.loggedIn = false;
    if (s.final) return;
    if (s.goodbye) {
      s.reason = s.everLoggedIn ? `The server ended the session: ${s.goodbye}.` : `The server refused the login: ${s.goodbye}.`;
    } else if (!s.reason) {
      s.reason = s.everLoggedIn ? "The server closed the connection." : "Cannot reach the server.";
    }
    if (!s.everLoggedIn) {
      status("disconnected", "disconnected");
      $("join").disabled = false;
      return;
    }
    const delay = Math.min(8000, 500 * 2 ** Math.min(4, s.attempt)) * (0.75 + Math.random() / 2);
    status("reconnecting", `reconnecting in ${Math.ceil(delay / 1000)} s`);
    s.retry = setTimeout(connect, delay);
  }

  function sendPointer() {
    s.lastSent = performance.now();
    clearTimeout(s.pendingMove);
    s.pendingMove = null;
    const p = s.pointer;
    send("MouseMove", { x: p.x, y: p.y, leftClick: p.left, rightClick: p.right });
  }

  // Moves at most MOVES_PER_SECOND a second (the last one always goes); a button change at once.
  function pointer(event, buttonsChanged) {
    const point = draw.worldPoint(event);
    Object.assign(s.pointer, point, { left: (event.buttons & 1) !== 0, right: (event.buttons & 2) !== 0 });
    draw.own(s.name, s.pointer.x, s.pointer.y, s.pointer.left, s.pointer.right);
    if (!s.loggedIn) return;
    const wait = 1000 / MOVES_PER_SECOND - (performance.now() - s.lastSent);
    if (buttonsChanged || wait <= 0) return sendPointer();
    if (!s.pendingMove) s.pendingMove = setTimeout(sendPointer, wait);
  }

  draw.canvas.addEventListener("mousemove", (e) => pointer(e, false));
  draw.canvas.addEventListener("mousedown", (e) => { e.preventDefault(); pointer(e, true); });
  draw.canvas.addEventListener("mouseup", (e) => pointer(e, true));
  draw.canvas.addEventListener("contextmenu", (e) => e.preventDefault());

  $("login").addEventListener("submit", (event) => {
    event.preventDefault();
    if (s.socket) s.socket.close();
    Object.assign(s, { name: $("name").value, password: $("password").value, token: "", everLoggedIn: false,
                       attempt: 0, reason: "", final: false, socket: null });
    $("join").disabled = true;
    connect();
  });

  $("say").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("line").value;
    if (text && s.loggedIn) { send("Chat", { text }); chat(s.name, text); }
    $("line").value = "";
  });

  window.addEventListener("pagehide", () => send("PlayerLogout", { username: s.name, reason: "quit" }));

  setInterval(() => {
    $("heard").textContent = s.lastHeard ? `${Math.round((Date.now() - s.lastHeard) / 1000)} s ago` : "-";
  }, 500);
})();
