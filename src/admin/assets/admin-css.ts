/**
 * The dashboard's whole stylesheet, served as a file from /admin/assets (the CSP allows no inline
 * style). Kept in a module so the build ships it inside dist/ with the code that links to it.
 */
export const ADMIN_CSS = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--accent:#2458b3;--ok:#1b7f4b;--warn:#a15c00;--bad:#b42318;--chip:#e4e7eb}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}
header.topbar{display:flex;align-items:center;gap:1rem;padding:.6rem 1.2rem;background:var(--ink);color:#fff}
header.topbar a{color:#fff;text-decoration:none;font-weight:600}
header.topbar .who{margin-left:auto;color:#cbd2d9}
header.topbar form{margin:0}
main{padding:1rem 1.2rem;max-width:1400px;margin:0 auto}
h1{font-size:1.35rem;margin:.2rem 0 .8rem}
h2{font-size:1.05rem;margin:1.4rem 0 .5rem}
section.card{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.8rem 1rem;margin-bottom:1rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.02em}
td.num,th.num{text-align:right}
.muted{color:var(--muted)}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}
.chip{display:inline-block;padding:.05rem .45rem;border-radius:1rem;background:var(--chip);font-size:.8rem;margin:0 .2rem .2rem 0;white-space:nowrap}
.chip.ok{background:#d5f5e3;color:var(--ok)}
.chip.warn{background:#fff1d6;color:var(--warn)}
.chip.bad{background:#fde2e1;color:var(--bad)}
.flash{padding:.6rem .9rem;border-radius:.4rem;margin-bottom:1rem}
.flash.success{background:#d5f5e3;color:#0e5c34}
.flash.error{background:#fde2e1;color:#7a1a12}
.summary{display:grid;grid-template-columns:2fr 1fr 2fr;gap:1rem}
.summary ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3rem}
.big{font-size:1.8rem;font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end;margin-bottom:.8rem}
form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
form.filters label.check{flex-direction:row;align-items:center;gap:.3rem;color:var(--ink);font-size:.9rem;padding-bottom:.35rem}
input,select,textarea,button{font:inherit}
input[type=text],input[type=search],input[type=password],select,textarea{padding:.35rem .5rem;border:1px solid #9aa5b1;border-radius:.3rem;background:#fff}
textarea,.actions input[type=text]{width:100%;min-height:3.2rem}
.actions input[type=text]{min-height:0;margin:.3rem 0}
button{padding:.35rem .8rem;border-radius:.3rem;border:1px solid var(--ink);background:var(--ink);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--ink)}
button.danger{background:var(--bad);border-color:var(--bad)}
.pager{display:flex;gap:1rem;margin-top:.8rem}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;margin-top:.6rem}
.actions form{border:1px dashed var(--line);border-radius:.4rem;padding:.5rem;min-width:16rem;flex:1}
.actions form h3{font-size:.85rem;margin:0 0 .3rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
ol.timeline{list-style:none;margin:0;padding:0}
ol.timeline li{display:grid;grid-template-columns:11rem 5rem 1fr;gap:.6rem;align-items:start;padding:.35rem 0;border-bottom:1px solid var(--line)}
ol.timeline li .chip{justify-self:start}
.login{max-width:24rem;margin:4rem auto}
.login label{display:block;margin:.6rem 0 .3rem}
.login input{width:100%}
@media (max-width:900px){.summary,.grid2{grid-template-columns:1fr}ol.timeline li{grid-template-columns:1fr}}
`;
