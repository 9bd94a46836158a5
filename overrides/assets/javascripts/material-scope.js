/*
 * Material for MkDocs 9.8.2's head script (partials/javascripts/base.html), moved out of the
 * page so that the Content-Security-Policy needs no inline script (docs-dev/hosting.md).
 * The scope Material printed into the script ({{ config.extra.scope | d(base_url) }}) comes
 * from the data-md-scope attribute of the <script> element that loads this file
 * (overrides/partials/javascripts/base.html). Loaded without defer: Material's bundle and
 * material-content.js use __md_get/__md_set while the page is parsed.
 */
__md_scope=new URL(document.currentScript.getAttribute("data-md-scope"),location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
