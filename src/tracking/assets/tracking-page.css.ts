import { DEFAULT_PRIMARY_COLOR, safeColor, textColorOn, type Brand } from '../../../activities/notifications/templates/brand';

/**
 * The tracking page's stylesheet, served as a file (the CSP allows no inline styles). Phone first:
 * one column, large tap targets, the steps as a vertical list; from 40rem the steps run across.
 * The merchant's colour (BRAND_PRIMARY_COLOR, validated as #rrggbb) is its only variable part.
 */
export function trackingPageCss(brand: Brand): string {
  const primary = safeColor(brand.primaryColor, DEFAULT_PRIMARY_COLOR);
  const accent = safeColor(brand.accentColor, primary);
  return `:root{--brand:${primary};--on-brand:${textColorOn(primary)};--accent:${accent}}
${BASE_CSS}`;
}

const BASE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1rem;line-height:1.5;color:#1f2933;background:#f5f7fa}
.brand{background:var(--brand);color:var(--on-brand);padding:.75rem 1rem;font-weight:600;font-size:1.1rem}
.brand .logo{display:block;max-height:2.25rem;max-width:12rem}
.tracking{max-width:40rem;margin:0 auto;padding:1rem}
.tracking>section{background:#fff;border-radius:.75rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(15,23,42,.08)}
.tracking>section:empty{display:none}
h1{font-size:1.6rem;line-height:1.2;margin:.25rem 0}
h2{font-size:1.1rem;margin:0 0 .5rem}
p{margin:.25rem 0}
.order-id{color:#52606d;font-size:.9rem}
.status-line{font-size:1.05rem}
.delay{color:#8a4b00;font-weight:600}
.eta{font-weight:600}
.notice{border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem;background:#eef2ff}
.notice.ok{background:#e3f9e5;color:#0e5e2f}
.notice.error{background:#fde8e8;color:#8a1c1c}
.live{font-size:.85rem;color:#52606d;margin:0 0 .5rem}
.live[data-live-status="live"]::before{content:"";display:inline-block;width:.55rem;height:.55rem;border-radius:50%;background:#2f9e44;margin-right:.4rem;vertical-align:.05rem}
.steps{list-style:none;margin:0;padding:0}
.step{position:relative;padding:.35rem 0 .35rem 2rem;color:#7b8794}
.step::before{content:"";position:absolute;left:.3rem;top:.6rem;width:.9rem;height:.9rem;border-radius:50%;border:2px solid #cbd2d9;background:#fff}
.step::after{content:"";position:absolute;left:.71rem;top:1.6rem;bottom:-.6rem;width:2px;background:#cbd2d9}
.step:last-child::after{display:none}
.step.done,.step.current{color:#1f2933}
.step.done::before{background:var(--brand);border-color:var(--brand)}
.step.done::after{background:var(--brand)}
.step.current{font-weight:700}
.step.current::before{border-color:var(--brand);box-shadow:0 0 0 4px #e4e7eb}
.step.stopped{text-decoration:line-through}
.side-state{margin-top:.5rem;font-weight:600;color:#8a4b00}
.parcels ul{list-style:none;margin:0;padding:0}
.parcel{border-top:1px solid #e4e7eb;padding:.75rem 0}
.parcel:first-child{border-top:0;padding-top:0}
.parcel-head{font-weight:600}
.tracking-number{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-weight:400;word-break:break-all}
.parcel-status{color:#52606d}
.parcel-status.delivered{color:#0e5e2f}
.parcel-status.exception,.parcel-status.attempt_failed,.parcel-status.lost{color:#8a1c1c}
a{color:var(--accent)}
.button,button{display:inline-block;min-height:2.75rem;margin-top:.5rem;padding:.6rem 1.1rem;border-radius:.5rem;border:2px solid var(--brand);background:var(--brand);color:var(--on-brand);font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.secondary,button.secondary{background:#fff;color:var(--brand)}
.action+.action{margin-top:1rem;border-top:1px solid #e4e7eb;padding-top:1rem}
summary{cursor:pointer;font-weight:600;min-height:2.75rem;padding:.6rem 0}
label{display:block;margin-top:.5rem;font-weight:600}
textarea{display:block;width:100%;font:inherit;padding:.5rem;border:1px solid #9aa5b1;border-radius:.5rem}
.footer{max-width:40rem;margin:0 auto;padding:0 1rem 2rem;color:#52606d;font-size:.9rem}
.error h1{margin-top:1rem}
@media (min-width:40rem){
.steps{display:flex;gap:.25rem}
.step{flex:1;padding:2rem 0 0;text-align:center;font-size:.85rem}
.step::before{left:50%;top:.25rem;margin-left:-.45rem}
.step::after{left:calc(50% + .6rem);right:calc(-50% + .6rem);top:.65rem;bottom:auto;width:auto;height:2px}
}
@media (prefers-reduced-motion:no-preference){.step::before{transition:background .3s}}
`;
