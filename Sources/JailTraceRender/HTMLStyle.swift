/// The page's inline style sheet: readable at 1280 px, sane when printed, no external assets.
enum HTMLStyle {
    static let css = """
    :root { --fg: #1d2430; --muted: #5b6575; --line: #e3e7ee; --bg: #ffffff; --soft: #f6f8fb;
      --active: #1b7f3b; --active-bg: #e3f4e8; --banned: #b42318; --banned-bg: #fde7e5;
      --failing: #9a5b00; --failing-bg: #fff1d6; --fault: #6b2fa3; --fault-bg: #f1e7fb;
      --moved: #0b6e79; --moved-bg: #dff3f5; --quiet: #475467; --quiet-bg: #eceff3; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--soft); color: var(--fg); line-height: 1.45;
      font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Helvetica, Arial, sans-serif; }
    .page { max-width: 1200px; margin: 0 auto; padding: 28px 32px 40px; }
    header.top { border-bottom: 1px solid var(--line); padding-bottom: 16px; margin-bottom: 8px; }
    h1 { font-size: 24px; margin: 0 0 6px; letter-spacing: -0.01em; }
    h1 .kind { color: var(--muted); font-weight: 400; }
    h2 { font-size: 17px; margin: 28px 0 10px; }
    h3 { font-size: 16px; margin: 0; }
    h4 { font-size: 13px; margin: 18px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
    .meta { color: var(--muted); margin: 0; }
    .meta b { color: var(--fg); font-weight: 600; }
    .chips { list-style: none; padding: 0; margin: 12px 0 0; display: flex; flex-wrap: wrap; gap: 8px; }
    .chips li { display: inline-flex; align-items: center; gap: 6px; }
    code, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
    p code, .summary code { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
    code.ev { color: var(--muted); overflow-wrap: anywhere; }
    .muted { color: var(--muted); }
    .card { background: var(--bg); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px; margin: 0 0 16px; }
    .scroll { overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; font-size: 13px; }
    th { text-align: left; font-size: 11.5px; font-weight: 600; color: var(--muted); text-transform: uppercase;
      letter-spacing: .04em; padding: 6px 10px; border-bottom: 2px solid var(--line); white-space: nowrap; }
    td { padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
    td.wrap { overflow-wrap: anywhere; }
    tbody tr:last-child td { border-bottom: 0; }
    tbody tr:nth-child(even) td { background: #fafbfd; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td time { white-space: nowrap; font-variant-numeric: tabular-nums; }
    td.warn, .warn { color: var(--failing); font-weight: 600; }
    .badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 700;
      text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; border: 1px solid transparent; }
    .v-active { color: var(--active); background: var(--active-bg); border-color: var(--active); }
    .v-banned { color: var(--banned); background: var(--banned-bg); border-color: var(--banned); }
    .v-auth-failing { color: var(--failing); background: var(--failing-bg); border-color: var(--failing); }
    .v-server-fault { color: var(--fault); background: var(--fault-bg); border-color: var(--fault); }
    .v-moved { color: var(--moved); background: var(--moved-bg); border-color: var(--moved); }
    .v-no-contact, .v-other { color: var(--quiet); background: var(--quiet-bg); border-color: var(--quiet); }
    article.device { background: var(--bg); border: 1px solid var(--line); border-left: 6px solid var(--quiet);
      border-radius: 10px; padding: 16px 20px 10px; margin: 0 0 20px; }
    article.device.v-banned { border-left-color: var(--banned); } article.device.v-active { border-left-color: var(--active); }
    article.device.v-auth-failing { border-left-color: var(--failing); } article.device.v-server-fault { border-left-color: var(--fault); }
    article.device.v-moved { border-left-color: var(--moved); }
    article.device { color: var(--fg); background: var(--bg); }
    .device-head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .device-head .ip { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 17px; }
    .device-head .users { color: var(--muted); font-weight: 400; word-break: break-all; }
    .device-head .badge { margin-left: auto; font-size: 13px; padding: 3px 12px; }
    .summary { margin: 10px 0 12px; max-width: 95ch; font-size: 14.5px; }
    dl.facts { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0 0 10px; }
    dl.facts div { min-width: 120px; }
    dt { font-size: 11.5px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
    dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
    dd.big { font-size: 18px; }
    figure.timeline { margin: 6px 0 4px; }
    svg.tl { width: 100%; height: auto; display: block; font-family: system-ui, "DejaVu Sans", sans-serif; }
    svg.tl text { font-size: 11px; fill: var(--muted); }
    svg.tl .lane { font-size: 11px; fill: var(--muted); }
    svg.tl .lane-line { stroke: var(--line); stroke-width: 1; }
    svg.tl .axis { stroke: #9aa4b2; stroke-width: 1; }
    svg.tl .tick { stroke: #9aa4b2; }
    svg.tl .tick-label { font-size: 10.5px; }
    svg.tl .edge-label { font-size: 10px; fill: #8a94a3; }
    svg.tl .silent { fill: #eceff3; }
    svg.tl .silent-label { fill: var(--quiet); font-size: 10.5px; font-style: italic; }
    svg.tl .ban { fill: var(--banned); fill-opacity: .10; }
    svg.tl .ban.in-force { fill-opacity: .18; }
    svg.tl .ban-edge { stroke: var(--banned); stroke-width: 1.5; }
    svg.tl .ban-label { fill: var(--banned); font-weight: 600; font-size: 10.5px; }
    svg.tl .m-login { fill: var(--active); }
    svg.tl .m-logout { fill: #6fb486; }
    svg.tl .m-submission { fill: #1f5fbf; }
    svg.tl .m-other { fill: #98a2b3; }
    svg.tl .m-failure { stroke: var(--banned); stroke-width: 2; }
    svg.tl .m-fault { fill: var(--fault); }
    svg.tl .last-seen { stroke: var(--active); stroke-width: 1.5; stroke-dasharray: 4 3; }
    svg.tl .last-seen-label { fill: var(--active); font-weight: 600; font-size: 10.5px; }
    svg.tl .failure-label { fill: var(--banned); font-weight: 600; font-size: 10.5px; }
    figcaption.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: var(--muted); margin: 2px 0 0 8.4%; }
    .sw { display: inline-block; width: 10px; height: 10px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
    .sw.login { background: var(--active); width: 3px; } .sw.submission { background: #1f5fbf; border-radius: 50%; }
    .sw.failure { background: var(--banned); width: 2px; } .sw.fault { background: var(--fault); transform: rotate(45deg) scale(.8); }
    .sw.ban { background: rgba(180, 35, 24, .18); border-left: 2px solid var(--banned); width: 16px; }
    .sw.silent { background: #eceff3; border: 1px solid #d5dae2; width: 16px; }
    .sw.last-seen { border-left: 2px dashed var(--active); width: 2px; border-radius: 0; }
    ol.failures { margin: 0; padding-left: 18px; }
    ol.failures li { margin: 0 0 2px; }
    details { margin: 10px 0 8px; }
    details > summary { cursor: pointer; font-size: 13px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
    td.detail { overflow-wrap: anywhere; }
    td.event { white-space: nowrap; }
    table.inputs td:first-child { min-width: 160px; }
    table.timeline td { padding: 3px 10px; }
    table.bans td:nth-child(2), table.bans td:nth-child(3) { white-space: nowrap; }
    tr.ev-auth-failure td:nth-child(2), tr.ev-session-crash td:nth-child(2), tr.ev-server-fault td:nth-child(2) { color: var(--banned); font-weight: 600; }
    tr.ev-ban td:nth-child(2), tr.ev-restore-ban td:nth-child(2) { color: var(--banned); }
    tr.ev-login td:nth-child(2), tr.ev-submission td:nth-child(2) { color: var(--active); }
    ul.warnings { margin: 0; padding-left: 20px; color: var(--failing); }
    footer { color: var(--muted); font-size: 12px; margin-top: 28px; border-top: 1px solid var(--line); padding-top: 10px; }
    a { color: #1f5fbf; text-decoration: none; } a:hover { text-decoration: underline; }
    @media print {
      @page { margin: 12mm; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      body { background: #fff; font-size: 10pt; }
      .page { max-width: none; padding: 0; }
      .card, article.device { border-color: #c9ced6; box-shadow: none; }
      .scroll { overflow: visible; }
      h2, h3, h4, .device-head { break-after: avoid; page-break-after: avoid; }
      figure.timeline, tr, .device-head, .summary { break-inside: avoid; page-break-inside: avoid; }
      article.device { break-before: auto; }
      details > summary { list-style: none; }
      details > summary::-webkit-details-marker { display: none; }
      a { color: inherit; }
    }
    """
}
