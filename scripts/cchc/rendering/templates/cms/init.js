// Decap starts when cms.js has registered the site's strings and previews (a file, not an
// inline script: the pages' Content-Security-Policy allows no inline script).
window.CMS_MANUAL_INIT = true;
