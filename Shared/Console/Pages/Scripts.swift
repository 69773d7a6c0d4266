/// The console's plain JavaScript, committed here and served from `/assets/`; no framework, no build step.
enum Scripts {
    /// Every page: the overview refreshes its live fragments every two seconds while it is open.
    static let console = #"""
        (function () {
          const live = document.getElementById('live');
          if (!live) return;
          async function refresh() {
            if (document.hidden) return;
            try {
              const response = await fetch(live.dataset.src, { credentials: 'same-origin' });
              if (!response.ok) return;
              const parts = await response.json();
              for (const id of ['rounds', 'pool', 'queue', 'curve']) {
                const element = document.getElementById(id);
                if (element && parts[id] !== undefined && element.innerHTML !== parts[id]) element.innerHTML = parts[id];
              }
              live.dataset.refreshed = String(Date.now());
            } catch (error) { /* the next tick tries again */ }
          }
          setInterval(refresh, 2000);
        })();
        """#

    /// The batch: a card's image switches between the prediction and the uncertainty heat map on demand.
    static let batch = #"""
        (function () {
          for (const button of document.querySelectorAll('.toggle-uncertainty')) {
            button.addEventListener('click', function () {
              const image = button.closest('.card').querySelector('img');
              const showing = image.dataset.showing === 'uncertainty';
              image.src = showing ? image.dataset.plain : image.dataset.uncertainty;
              image.dataset.showing = showing ? 'plain' : 'uncertainty';
              button.textContent = showing ? 'Uncertainty' : 'Prediction';
            });
          }
        })();
        """#

    /// The map: one canvas, every point drawn as a small square (fast at tens of thousands), picks as numbered
    /// discs; wheel zooms about the cursor, dragging pans, hovering shows the nearest point's thumbnail and reason.
    static let map = #"""
        (function () {
          const canvas = document.getElementById('map');
          if (!canvas) return;
          const tip = document.getElementById('map-tip');
          const count = document.getElementById('map-count');
          const form = document.getElementById('map-filters');
          const context = canvas.getContext('2d');
          const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf',
                           '#bcbd22', '#7f7f7f'];
          const margin = 24;
          let data = null, n = 0, base = [], visible = [], view = { scale: 1, dx: 0, dy: 0 }, drag = null;

          function place() {
            let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
            for (let i = 0; i < n; i++) {
              const x = data.points[5 * i], y = data.points[5 * i + 1];
              minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
            }
            const w = Math.max(maxX - minX, 1e-9), h = Math.max(maxY - minY, 1e-9);
            // One scale for both axes (distances on the map mean something), centred in the canvas.
            const scale = Math.min((canvas.width - 2 * margin) / w, (canvas.height - 2 * margin) / h);
            const left = (canvas.width - w * scale) / 2, bottom = (canvas.height + h * scale) / 2;
            base = new Float64Array(2 * n);
            for (let i = 0; i < n; i++) {
              base[2 * i] = left + (data.points[5 * i] - minX) * scale;
              base[2 * i + 1] = bottom - (data.points[5 * i + 1] - minY) * scale;
            }
          }
          function screen(i) { return [base[2 * i] * view.scale + view.dx, base[2 * i + 1] * view.scale + view.dy]; }
          function filter() {
            const round = form.elements.round.value, cluster = form.elements.cluster.value, status = form.elements.status.value;
            visible = [];
            for (let i = 0; i < n; i++) {
              const picked = data.points[5 * i + 3];
              if (round === 'none' && picked >= 0) continue;
              if (round !== 'all' && round !== 'none' && picked !== Number(round)) continue;
              if (cluster !== 'all' && data.points[5 * i + 2] !== Number(cluster)) continue;
              if (status !== 'all' && data.points[5 * i + 4] !== Number(status)) continue;
              visible.push(i);
            }
            count.textContent = visible.length + ' of ' + n + ' points';
          }
          function draw() {
            context.clearRect(0, 0, canvas.width, canvas.height);
            const picks = [];
            for (const i of visible) {
              const [x, y] = screen(i);
              if (x < -4 || y < -4 || x > canvas.width + 4 || y > canvas.height + 4) continue;
              if (data.picks[i]) { picks.push(i); continue; }
              context.fillStyle = colours[data.points[5 * i + 2] % colours.length];
              context.fillRect(x - 1.5, y - 1.5, 3, 3);
            }
            context.font = 'bold 10px sans-serif';
            context.textAlign = 'center';
            context.textBaseline = 'middle';
            for (const i of picks) {
              const [x, y] = screen(i);
              context.beginPath();
              context.arc(x, y, 8, 0, 2 * Math.PI);
              context.fillStyle = colours[data.points[5 * i + 2] % colours.length];
              context.fill();
              context.lineWidth = 1.5;
              context.strokeStyle = '#111';
              context.stroke();
              context.fillStyle = '#fff';
              context.fillText(String(data.picks[i][0]), x, y + 0.5);
            }
          }
          function nearest(mx, my) {
            let best = -1, bestDistance = 100;
            for (const i of visible) {
              const [x, y] = screen(i);
              const d = (x - mx) * (x - mx) + (y - my) * (y - my);
              if (d < bestDistance || (d === bestDistance && data.picks[i])) { best = i; bestDistance = d; }
            }
            return best;
          }
          function show(i, mx, my) {
            if (i < 0) { tip.hidden = true; return; }
            const pick = data.picks[i], round = data.points[5 * i + 3];
            tip.innerHTML = '';
            const image = document.createElement('img');
            image.src = '/scans/' + data.ids[i] + '/image.png?side=128';
            image.alt = '';
            const text = document.createElement('div');
            text.className = 'tip-text';
            text.textContent = 'cluster ' + data.points[5 * i + 2] + ' · ' + data.statuses[data.points[5 * i + 4]];
            tip.append(image, text);
            if (pick) {
              const reason = document.createElement('div');
              reason.className = 'tip-reason';
              reason.textContent = 'round ' + round + ', #' + pick[0] + ': ' + pick[1];
              tip.append(reason);
            }
            tip.dataset.scan = data.ids[i];
            tip.hidden = false;
            const scaleX = canvas.clientWidth / canvas.width;
            tip.style.left = (mx * scaleX + 14) + 'px';
            tip.style.top = (my * scaleX + 14) + 'px';
          }
          function position(event) {
            const box = canvas.getBoundingClientRect();
            return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
          }
          canvas.addEventListener('mousemove', function (event) {
            const [mx, my] = position(event);
            if (drag) {
              view.dx = drag.dx + mx - drag.x; view.dy = drag.dy + my - drag.y;
              draw(); return;
            }
            show(nearest(mx, my), mx, my);
          });
          canvas.addEventListener('mouseleave', function () { tip.hidden = true; drag = null; });
          canvas.addEventListener('mousedown', function (event) {
            const [x, y] = position(event); drag = { x: x, y: y, dx: view.dx, dy: view.dy };
          });
          window.addEventListener('mouseup', function () { drag = null; });
          canvas.addEventListener('wheel', function (event) {
            event.preventDefault();
            const [mx, my] = position(event);
            const factor = event.deltaY < 0 ? 1.25 : 0.8;
            view.dx = mx - (mx - view.dx) * factor; view.dy = my - (my - view.dy) * factor; view.scale *= factor;
            draw();
          }, { passive: false });
          canvas.addEventListener('dblclick', function (event) {
            const [mx, my] = position(event), i = nearest(mx, my);
            if (i >= 0) window.location.href = '/scans/' + data.ids[i];
          });
          form.addEventListener('change', function () { filter(); draw(); });
          fetch(canvas.dataset.src, { credentials: 'same-origin' }).then(function (response) { return response.json(); })
            .then(function (loaded) {
              data = loaded; n = data.ids.length;
              place(); filter(); draw();
              canvas.dataset.count = String(n);
              // Milliseconds from navigation to every point drawn: what "page load" means for the map.
              canvas.dataset.readyAt = String(Math.round(performance.now()));
              canvas.dataset.ready = 'true';
            });
          // For tests and bookmarklets: where a point is drawn now, in canvas pixels.
          window.consoleMap = {
            count: function () { return n; },
            picked: function () { return data ? Object.keys(data.picks).map(Number) : []; },
            screenPosition: function (i) { return screen(i); },
            scan: function (i) { return data.ids[i]; },
            reason: function (i) { return data.picks[i] ? data.picks[i][1] : null; }
          };
        })();
        """#
}
