/*
 * Material for MkDocs 9.8.2's script after the page content (partials/javascripts/content.html),
 * moved out of the page so that the Content-Security-Policy needs no inline script
 * (docs-dev/hosting.md). Opens the content tab named by the address's #fragment. Loaded
 * without defer right after the content, where Material's inline script stood.
 */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
