// jsdom has no layout: the router's scroll restoration would only log "not implemented".
window.scrollTo = (() => undefined) as typeof window.scrollTo;
