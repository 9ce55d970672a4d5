// The world as a picture: the cursors and shapes a page knows, drawn on the canvas with
// y up like the original, and a roster whose items carry each cursor's place in data
// attributes. Network strings go in as text only (textContent, fillText).
"use strict";

window.MousyDraw = (() => {
  // The terminal's player hues (xterm 256-colour 196 208 226 118 46 48 51 39 63 129 201 205).
  const HUES = ["#ff0000", "#ff8700", "#ffff00", "#87ff00", "#00ff00", "#00ff87",
                "#00ffff", "#00afff", "#5f5fff", "#af00ff", "#ff00ff", "#ff5faf"];
  const IDLE_MS = 3000;
  const canvas = document.getElementById("world");
  const roster = document.getElementById("players");
  const ctx = canvas.getContext("2d");
  const world = { width: 800, height: 600 };
  const players = new Map();  // name -> {x, y, left, right, changed, slot, item}
  const objects = new Map();  // id -> GameObject
  let self = null;            // {name, x, y, left, right}

  // FNV-1a over the name's UTF-8, as the terminal picks a colour slot.
  function preferredSlot(name) {
    let hash = 2166136261;
    for (const byte of new TextEncoder().encode(name)) {
      hash = Math.imul(hash ^ byte, 16777619) >>> 0;
    }
    return hash % HUES.length;
  }

  // The preferred slot unless another is used less, as the terminal's roster does.
  function slotFor(name) {
    const uses = new Array(HUES.length).fill(0);
    for (const p of players.values()) uses[p.slot] += 1;
    const fewest = Math.min(...uses);
    const preferred = preferredSlot(name);
    for (let offset = 0; offset < HUES.length; offset++) {
      const slot = (preferred + offset) % HUES.length;
      if (uses[slot] === fewest) return slot;
    }
    return preferred;
  }

  function setWorld(width, height) {
    world.width = width > 0 ? width : 800;
    world.height = height > 0 ? height : 600;
    canvas.dataset.worldWidth = String(world.width);
    canvas.dataset.worldHeight = String(world.height);
    canvas.style.aspectRatio = `${world.width} / ${world.height}`;
    canvas.height = Math.round(canvas.width * world.height / world.width);
  }

  // A world point as fractions of the canvas from its top left, held on the canvas, and
  // which way the point lies off it (0 when on).
  function place(x, y) {
    const fx = x / world.width, fy = 1 - y / world.height;
    const cx = Math.min(1, Math.max(0, fx)), cy = Math.min(1, Math.max(0, fy));
    return { fx: cx, fy: cy, dx: Math.sign(fx - cx), dy: Math.sign(fy - cy) };
  }

  // The canvas point under a mouse event, as a world point (y up).
  function worldPoint(event) {
    const box = canvas.getBoundingClientRect();
    const fx = (event.clientX - box.left - canvas.clientLeft) / canvas.clientWidth;
    const fy = (event.clientY - box.top - canvas.clientTop) / canvas.clientHeight;
    return { x: Math.round(fx * world.width), y: Math.round((1 - fy) * world.height) };
  }

  function cursor(name, x, y, left, right) {
    let p = players.get(name);
    if (!p) {
      p = { slot: slotFor(name), item: document.createElement("li") };
      p.item.textContent = name;
      p.item.dataset.name = name;
      p.item.style.color = HUES[p.slot];
      roster.append(p.item);
      players.set(name, p);
    }
    Object.assign(p, { x, y, left, right, changed: performance.now() });
    const spot = place(x, y);
    Object.assign(p.item.dataset, { x: String(x), y: String(y), fx: spot.fx.toFixed(4), fy: spot.fy.toFixed(4) });
  }

  function leave(name) {
    const p = players.get(name);
    if (p) { p.item.remove(); players.delete(name); }
  }

  function clear() {
    for (const name of [...players.keys()]) leave(name);
    objects.clear();
  }

  function object(o) { objects.set(o.id ?? 0, o); }

  function own(name, x, y, left, right) {
    self = { name, x, y, left, right };
    const spot = place(x, y);
    Object.assign(canvas.dataset, { selfX: String(x), selfY: String(y) });
    Object.assign(canvas.dataset, { selfFx: spot.fx.toFixed(4), selfFy: spot.fy.toFixed(4) });
  }

  const ARROWS = { "-1,0": "←", "1,0": "→", "0,-1": "↑", "0,1": "↓" };

  function drawCursor(name, x, y, colour, idle, held) {
    const spot = place(x, y);
    const px = spot.fx * canvas.width, py = spot.fy * canvas.height;
    ctx.globalAlpha = idle ? 0.4 : 1;
    ctx.fillStyle = colour;
    ctx.strokeStyle = colour;
    if (spot.dx !== 0 || spot.dy !== 0) {
      const arrow = ARROWS[`${spot.dx},${spot.dy === 0 ? 0 : spot.dy}`] ?? ARROWS[`${spot.dx},0`];
      ctx.font = "bold 20px sans-serif";
      ctx.textAlign = spot.dx > 0 ? "right" : spot.dx < 0 ? "left" : "center";
      ctx.textBaseline = spot.dy > 0 ? "bottom" : spot.dy < 0 ? "top" : "middle";
      ctx.fillText(arrow, px, py);
    } else {
      ctx.beginPath();
      ctx.arc(px, py, held ? 7 : 5, 0, 2 * Math.PI);
      if (held) ctx.fill(); else ctx.stroke();
    }
    ctx.font = "13px sans-serif";
    ctx.textAlign = px > canvas.width - 120 ? "right" : "left";
    ctx.textBaseline = py < 20 ? "top" : "bottom";
    ctx.fillText(name, px + (ctx.textAlign === "left" ? 8 : -8), py + (py < 20 ? 8 : -6));
    ctx.globalAlpha = 1;
  }

  function drawObject(o) {
    const a = place(o.x ?? 0, (o.y ?? 0) + (o.h ?? 0)), b = place((o.x ?? 0) + (o.w ?? 0), o.y ?? 0);
    const x = a.fx * canvas.width, y = a.fy * canvas.height;
    const w = (b.fx - a.fx) * canvas.width, h = (b.fy - a.fy) * canvas.height;
    const holder = o.holder ? players.get(o.holder) : null;
    ctx.strokeStyle = holder ? HUES[holder.slot] : "#777";
    ctx.fillStyle = ctx.strokeStyle;
    ctx.globalAlpha = holder ? 0.9 : 0.6;
    if (o.kind === "DOT") {
      ctx.beginPath();
      ctx.ellipse(x + w / 2, y + h / 2, Math.max(1, w / 2), Math.max(1, h / 2), 0, 0, 2 * Math.PI);
      ctx.fill();
    } else if (o.kind === "DIAMOND") {
      ctx.beginPath();
      ctx.moveTo(x + w / 2, y); ctx.lineTo(x + w, y + h / 2); ctx.lineTo(x + w / 2, y + h); ctx.lineTo(x, y + h / 2);
      ctx.closePath();
      ctx.stroke();
    } else {
      ctx.strokeRect(x, y, w, h);
    }
    ctx.globalAlpha = 1;
  }

  function frame() {
    const now = performance.now();
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (const o of objects.values()) drawObject(o);
    for (const [name, p] of players) {
      const idle = now - p.changed > IDLE_MS;
      p.item.classList.toggle("idle", idle);
      drawCursor(name, p.x, p.y, HUES[p.slot], idle, p.left || p.right);
    }
    if (self) drawCursor(self.name, self.x, self.y, "#ffffff", false, self.left || self.right);
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);

  return { setWorld, worldPoint, cursor, leave, clear, object, own, canvas };
})();
