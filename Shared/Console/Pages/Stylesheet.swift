/// `/assets/console.css`: committed here, served as is; no build step, no CDN.
enum Stylesheet {
    static let css = #"""
        :root { --ink: #1d2733; --muted: #5b6776; --line: #d9dee5; --accent: #0b6bcb; --bad: #b42318; --bg: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
        header { display: flex; align-items: center; gap: 24px; padding: 10px 24px; background: #14202e; color: #fff; }
        header a { color: #d6e6ff; text-decoration: none; margin-right: 16px; }
        header .brand { font-weight: 700; color: #fff; font-size: 16px; }
        header .account { margin-left: auto; display: flex; gap: 10px; align-items: center; }
        main { padding: 16px 24px 48px; }
        h1 { font-size: 20px; margin: 4px 0 12px; } h2 { font-size: 16px; margin: 18px 0 8px; } h3 { font-size: 14px; }
        table { border-collapse: collapse; background: #fff; margin: 6px 0 12px; }
        th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #eef2f6; font-weight: 600; }
        a { color: var(--accent); }
        .bad { color: var(--bad); } .empty { color: var(--muted); } .summary { color: var(--muted); }
        .inline { display: inline; } button { cursor: pointer; }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 24px; }
        .timeline { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 10px; }
        .timeline .round { background: #fff; border: 1px solid var(--line); border-left: 5px solid #9aa7b6; padding: 6px 10px;
                           display: flex; flex-direction: column; min-width: 210px; }
        .timeline .state-closed { border-left-color: #2f9e44; } .timeline .state-open { border-left-color: #f08c00; }
        .timeline .state-training, .timeline .state-scoring, .timeline .state-selecting { border-left-color: var(--accent); }
        .timeline .kind, .timeline .when { color: var(--muted); font-size: 12px; }
        .state { font-weight: 600; } .state-dead { color: var(--bad); } .state-running { color: var(--accent); }
        .chart svg { max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); }
        .filters { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; margin: 8px 0; }
        .hint { color: var(--muted); font-size: 12px; }
        .map-frame { position: relative; display: inline-block; }
        #map { background: #fff; border: 1px solid var(--line); cursor: crosshair; max-width: 100%; }
        #map-tip { position: absolute; pointer-events: none; background: #fff; border: 1px solid #8895a7; padding: 6px;
                   box-shadow: 0 2px 8px rgba(0,0,0,.2); max-width: 280px; font-size: 12px; }
        #map-tip img { display: block; width: 128px; height: 128px; image-rendering: pixelated; margin-bottom: 4px; }
        .batch { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 14px; }
        .card { background: #fff; border: 1px solid var(--line); padding: 8px; }
        .card header { background: none; color: var(--ink); padding: 0 0 6px; gap: 8px; }
        .card img { width: 256px; height: 256px; image-rendering: pixelated; display: block; background: #000; }
        .card .rank { font-weight: 700; font-size: 16px; }
        .badge { border-radius: 10px; padding: 1px 8px; font-size: 12px; background: #e9ecef; }
        .status-awaiting .badge, .badge.status-awaiting { background: #fff3bf; }
        .status-labelled .badge, .badge.status-labelled { background: #d3f9d8; }
        .status-skipped .badge, .badge.status-skipped { background: #ffe3e3; }
        .components { display: grid; grid-template-columns: auto 1fr; gap: 0 10px; font-size: 12px; margin: 6px 0; }
        .components dt { color: var(--muted); } .components dd { margin: 0; }
        .reason { margin: 6px 0; }
        .viewer img { max-width: 100%; width: 512px; image-rendering: pixelated; background: #000; display: block; }
        .login { display: flex; flex-direction: column; gap: 10px; max-width: 320px; }
        """#
}
