/**
 * The dashboard's only script, served as a file (no inline script under the CSP). Progressive
 * enhancement: every page and form works without it. It asks for confirmation before an admin
 * override moves money or closes a parcel, and applies a filter as soon as it is picked.
 */
export const ADMIN_JS = `
document.addEventListener('submit', function (event) {
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener('change', function (event) {
  var field = event.target;
  if (field && field.hasAttribute && field.hasAttribute('data-autosubmit') && field.form) field.form.submit();
});
`;
