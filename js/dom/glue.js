// The DOM's JavaScript side, run once per world on its first use of the
// DOM. Every member forwards to the Go native N(op, this, ...); the tree
// lives in Go, shared by all worlds. Members extsim lacks throw a
// TypeError naming them (see the unsupported proxy below).
(function (N, g, hasDoc) {
  "use strict";
  const accessors = (C, names, writable) => {
    for (const k of names) {
      const set = "=" + k;
      const d = { get() { return N(k, this); }, enumerable: true, configurable: true };
      if (writable) d.set = function (v) { N(set, this, v); };
      Object.defineProperty(C.prototype, k, d);
    }
  };
  const methods = (C, obj) => {
    for (const k of Object.keys(obj)) {
      Object.defineProperty(C.prototype, k, { value: obj[k], writable: true, enumerable: true, configurable: true });
    }
  };
  const illegal = (name) => function () { throw new TypeError("Failed to construct '" + name + "': Illegal constructor"); };

  class EventTarget {
    constructor() { N("newTarget", this); }
    addEventListener(type, cb, opts) { N("listen", this, arguments.length, type, cb, opts); }
    removeEventListener(type, cb, opts) { N("unlisten", this, arguments.length, type, cb, opts); }
    dispatchEvent(ev) { return N("dispatch", this, arguments.length, ev); }
  }

  // Reading a member of Document, Element or Node that browsers have and
  // extsim lacks throws a TypeError naming it, instead of giving undefined
  // (and a confusing "is not a function" later). Other names read as
  // usual: expandos (each world's own), feature probes, then and toJSON;
  // unset on<event> handler properties are null, as in browsers.
  const missing = new Set(("cookie forms images links scripts embeds plugins anchors domain referrer lastModified " +
    "activeElement hasFocus createEvent createRange createTreeWalker createNodeIterator evaluate execCommand " +
    "getSelection elementFromPoint elementsFromPoint open write writeln close implementation styleSheets " +
    "adoptedStyleSheets fonts visibilityState hidden fullscreenElement exitFullscreen pointerLockElement adoptNode " +
    "importNode createDocumentFragment createElementNS createAttribute getElementsByName currentScript designMode " +
    "scrollingElement timeline startViewTransition " +
    "style attachShadow shadowRoot getBoundingClientRect getClientRects scrollIntoView focus blur " +
    "insertAdjacentHTML insertAdjacentElement insertAdjacentText offsetWidth offsetHeight offsetTop offsetLeft " +
    "offsetParent clientWidth clientHeight clientTop clientLeft scrollTop scrollLeft scrollWidth scrollHeight " +
    "scroll scrollTo scrollBy animate getAnimations requestFullscreen requestPointerLock setAttributeNS " +
    "getAttributeNS removeAttributeNS hasAttributeNS getElementsByTagNameNS getAttributeNode setAttributeNode " +
    "namespaceURI prefix slot assignedSlot contentEditable isContentEditable tabIndex form labels files select " +
    "setSelectionRange selectionStart selectionEnd options selectedIndex submit reset requestSubmit checkValidity " +
    "reportValidity setCustomValidity validity validationMessage contentWindow contentDocument play pause " +
    "normalize isEqualNode isSameNode compareDocumentPosition lookupNamespaceURI lookupPrefix baseURI splitText " +
    "wholeText appendData insertData deleteData replaceData substringData outerText computedStyleMap " +
    "setPointerCapture releasePointerCapture hasPointerCapture checkVisibility showPopover hidePopover " +
    "togglePopover draggable spellcheck autofocus inert accessKey translate nonce part showModal").split(" "));
  const base = Object.create(Object.prototype);
  const unsupported = new Proxy(base, {
    get(t, k, receiver) {
      if (typeof k === "string") {
        if (missing.has(k)) throw new TypeError(N("describe", receiver) + "." + k + " is not supported by extsim yet");
        if (k.length > 2 && k.startsWith("on") && !(k in t)) return null;
      }
      return Reflect.get(t, k, receiver);
    },
  });

  function Node() { illegal("Node")(); }
  Object.setPrototypeOf(Node.prototype, unsupported);
  for (const k of ["addEventListener", "removeEventListener", "dispatchEvent"]) {
    Object.defineProperty(Node.prototype, k, { value: EventTarget.prototype[k], writable: true, enumerable: true, configurable: true });
  }
  Object.setPrototypeOf(Node, EventTarget);
  // window and nodes are EventTargets without EventTarget.prototype in
  // their chain (their own prototypes carry the methods); subclasses keep
  // the ordinary test.
  const ordinaryInstanceOf = Function.prototype[Symbol.hasInstance];
  Object.defineProperty(EventTarget, Symbol.hasInstance, {
    value(v) { return this === EventTarget ? N("isTarget", v) : ordinaryInstanceOf.call(this, v); },
  });
  const consts = { ELEMENT_NODE: 1, TEXT_NODE: 3, COMMENT_NODE: 8, DOCUMENT_NODE: 9, DOCUMENT_TYPE_NODE: 10 };
  for (const k of Object.keys(consts)) { Node[k] = consts[k]; Node.prototype[k] = consts[k]; }
  accessors(Node, ["nodeType", "nodeName", "parentNode", "parentElement", "childNodes", "firstChild", "lastChild",
    "nextSibling", "previousSibling", "ownerDocument", "isConnected"], false);
  accessors(Node, ["textContent", "nodeValue"], true);
  methods(Node, {
    appendChild(c) { return N("appendChild", this, arguments.length, c); },
    insertBefore(c, ref) { return N("insertBefore", this, arguments.length, c, ref); },
    removeChild(c) { return N("removeChild", this, arguments.length, c); },
    replaceChild(c, old) { return N("replaceChild", this, arguments.length, c, old); },
    contains(o) { return N("contains", this, o); },
    cloneNode(deep) { return N("cloneNode", this, !!deep); },
    hasChildNodes() { return N("firstChild", this) !== null; },
    getRootNode() { let n = this; while (n.parentNode) n = n.parentNode; return n; },
  });

  const toNode = (x) => (N("isNode", x) ? x : N("newText", null, String(x)));
  const parentNodeMethods = {
    querySelector(s) { return N("querySelector", this, arguments.length, s); },
    querySelectorAll(s) { return N("querySelectorAll", this, arguments.length, s); },
    getElementsByTagName(s) { return N("byTag", this, String(s)); },
    getElementsByClassName(s) { return N("byClass", this, String(s)); },
    append(...nodes) { for (const x of nodes) this.appendChild(toNode(x)); },
    prepend(...nodes) { const first = this.firstChild; for (const x of nodes) this.insertBefore(toNode(x), first); },
    replaceChildren(...nodes) { const add = nodes.map(toNode); N("empty", this); for (const x of add) this.appendChild(x); },
  };

  function Element() { illegal("Element")(); }
  Object.setPrototypeOf(Element.prototype, Node.prototype);
  Object.setPrototypeOf(Element, Node);
  function HTMLElement() { illegal("HTMLElement")(); }
  Object.setPrototypeOf(HTMLElement.prototype, Element.prototype);
  Object.setPrototypeOf(HTMLElement, Element);
  accessors(Element, ["tagName", "localName", "children", "childElementCount", "firstElementChild", "lastElementChild",
    "nextElementSibling", "previousElementSibling", "outerHTML", "attributes"], false);
  accessors(Element, ["id", "className", "innerHTML", "value", "checked", "hidden", "disabled", "name", "type",
    "href", "src", "title", "placeholder", "innerText"], true);
  const classLists = new WeakMap(), datasets = new WeakMap();
  methods(Element, parentNodeMethods);
  methods(Element, {
    getAttribute(k) { return N("getAttribute", this, arguments.length, k); },
    setAttribute(k, v) { N("setAttribute", this, arguments.length, k, v); },
    removeAttribute(k) { N("removeAttribute", this, arguments.length, k); },
    hasAttribute(k) { return N("getAttribute", this, arguments.length, k) !== null; },
    toggleAttribute(k, force) {
      const has = this.hasAttribute(k);
      const want = force === undefined ? !has : !!force;
      if (want && !has) this.setAttribute(k, ""); else if (!want && has) this.removeAttribute(k);
      return want;
    },
    getAttributeNames() { return N("attributeNames", this); },
    matches(s) { return N("matches", this, arguments.length, s); },
    closest(s) { return N("closest", this, arguments.length, s); },
    remove() { N("remove", this); },
    before(...nodes) { const p = this.parentNode; if (p) for (const x of nodes) p.insertBefore(toNode(x), this); },
    after(...nodes) { const p = this.parentNode; if (p) { const next = this.nextSibling; for (const x of nodes) p.insertBefore(toNode(x), next); } },
    replaceWith(...nodes) { const p = this.parentNode; if (p) { this.before(...nodes); this.remove(); } },
    click() { N("click", this); },
  });
  Object.defineProperty(Element.prototype, "classList", {
    get() {
      let l = classLists.get(this);
      if (!l) { l = new DOMTokenList(this); classLists.set(this, l); }
      return l;
    }, enumerable: true, configurable: true,
  });
  Object.defineProperty(Element.prototype, "dataset", {
    get() {
      let d = datasets.get(this);
      if (!d) { d = dataset(this); datasets.set(this, d); }
      return d;
    }, enumerable: true, configurable: true,
  });

  // DOMTokenList over the class attribute.
  class DOMTokenList {
    #el;
    constructor(el) { this.#el = el; }
    #tokens() { const s = this.#el.getAttribute("class"); return s ? [...new Set(s.split(/[ \t\n\f\r]+/).filter(Boolean))] : []; }
    #write(t) { this.#el.setAttribute("class", t.join(" ")); }
    static #check(t, op) {
      t = String(t);
      if (t === "") throw new DOMException("Failed to execute '" + op + "' on 'DOMTokenList': The token provided must not be empty.", "SyntaxError");
      if (/[ \t\n\f\r]/.test(t)) throw new DOMException("Failed to execute '" + op + "' on 'DOMTokenList': The token provided ('" + t + "') contains HTML space characters, which are not valid in tokens.", "InvalidCharacterError");
      return t;
    }
    get length() { return this.#tokens().length; }
    get value() { return this.#el.getAttribute("class") || ""; }
    set value(v) { this.#el.setAttribute("class", String(v)); }
    item(i) { const t = this.#tokens(); return i >= 0 && i < t.length ? t[i] : null; }
    contains(t) { return this.#tokens().includes(String(t)); }
    add(...ts) { const t = this.#tokens(); for (let x of ts) { x = DOMTokenList.#check(x, "add"); if (!t.includes(x)) t.push(x); } this.#write(t); }
    remove(...ts) { let t = this.#tokens(); for (let x of ts) { x = DOMTokenList.#check(x, "remove"); t = t.filter((y) => y !== x); } if (this.#el.hasAttribute("class")) this.#write(t); }
    toggle(x, force) {
      x = DOMTokenList.#check(x, "toggle");
      const has = this.contains(x);
      const want = force === undefined ? !has : !!force;
      if (want && !has) this.add(x); else if (!want && has) this.remove(x);
      return want;
    }
    replace(a, b) {
      a = DOMTokenList.#check(a, "replace"); b = DOMTokenList.#check(b, "replace");
      const t = this.#tokens(); const i = t.indexOf(a);
      if (i < 0) return false;
      t[i] = b; this.#write([...new Set(t)]); return true;
    }
    forEach(cb, thisArg) { this.#tokens().forEach((t, i) => cb.call(thisArg, t, i, this)); }
    toString() { return this.value; }
    [Symbol.iterator]() { return this.#tokens()[Symbol.iterator](); }
  }

  // dataset: data-* attributes as camelCased properties.
  const dataset = (el) => {
    const attr = (k) => "data-" + String(k).replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
    const prop = (a) => a.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    return new Proxy({}, {
      get(t, k) { return typeof k === "symbol" ? undefined : (el.getAttribute(attr(k)) ?? undefined); },
      set(t, k, v) { el.setAttribute(attr(k), String(v)); return true; },
      has(t, k) { return typeof k === "string" && el.hasAttribute(attr(k)); },
      deleteProperty(t, k) { el.removeAttribute(attr(k)); return true; },
      ownKeys() { return el.getAttributeNames().filter((a) => a.startsWith("data-")).map(prop); },
      getOwnPropertyDescriptor(t, k) {
        const v = typeof k === "string" ? el.getAttribute(attr(k)) : null;
        return v === null ? undefined : { value: v, writable: true, enumerable: true, configurable: true };
      },
    });
  };

  function CharacterData() { illegal("CharacterData")(); }
  Object.setPrototypeOf(CharacterData.prototype, Node.prototype);
  Object.setPrototypeOf(CharacterData, Node);
  accessors(CharacterData, ["data"], true);
  accessors(CharacterData, ["length"], false);
  function Text() { illegal("Text")(); }
  Object.setPrototypeOf(Text.prototype, CharacterData.prototype);
  Object.setPrototypeOf(Text, CharacterData);
  function Comment() { illegal("Comment")(); }
  Object.setPrototypeOf(Comment.prototype, CharacterData.prototype);
  Object.setPrototypeOf(Comment, CharacterData);
  function DocumentType() { illegal("DocumentType")(); }
  Object.setPrototypeOf(DocumentType.prototype, Node.prototype);
  Object.setPrototypeOf(DocumentType, Node);
  accessors(DocumentType, ["name"], false);

  function Document() { illegal("Document")(); }
  Object.setPrototypeOf(Document.prototype, Node.prototype);
  Object.setPrototypeOf(Document, Node);
  accessors(Document, ["documentElement", "head", "body", "readyState", "URL", "documentURI", "location", "defaultView",
    "children", "childElementCount", "firstElementChild", "lastElementChild"], false);
  accessors(Document, ["title"], true);
  methods(Document, parentNodeMethods);
  methods(Document, {
    getElementById(id) { return N("byId", this, String(id)); },
    createElement(tag) { return N("createElement", this, arguments.length, tag); },
    createTextNode(s) { return N("newText", this, String(s)); },
    createComment(s) { return N("newComment", this, String(s)); },
  });
  Object.defineProperty(Document.prototype, "characterSet", { value: "UTF-8", enumerable: true, configurable: true });
  Object.defineProperty(Document.prototype, "contentType", { value: "text/html", enumerable: true, configurable: true });

  class Event {
    constructor(type, init) {
      if (arguments.length < 1) throw new TypeError("Failed to construct '" + new.target.name + "': 1 argument required, but only 0 present.");
      N("newEvent", this, String(type), init);
    }
    preventDefault() { N("preventDefault", this); }
    stopPropagation() { N("stopPropagation", this); }
    stopImmediatePropagation() { N("stopImmediatePropagation", this); }
    composedPath() { return N("composedPath", this); }
  }
  accessors(Event, ["type", "target", "currentTarget", "srcElement", "eventPhase", "bubbles", "cancelable", "composed",
    "defaultPrevented", "isTrusted", "timeStamp"], false);
  accessors(Event, ["returnValue", "cancelBubble"], true);
  const phases = { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 };
  for (const k of Object.keys(phases)) { Event[k] = phases[k]; Event.prototype[k] = phases[k]; }
  class CustomEvent extends Event {}
  accessors(CustomEvent, ["detail"], false);
  class MessageEvent extends Event {}
  accessors(MessageEvent, ["data", "origin", "lastEventId", "source", "ports"], false);
  class UIEvent extends Event {}
  accessors(UIEvent, ["detail", "view"], false);
  class MouseEvent extends UIEvent {}
  accessors(MouseEvent, ["clientX", "clientY", "screenX", "screenY", "x", "y", "pageX", "pageY", "offsetX", "offsetY",
    "button", "buttons", "ctrlKey", "shiftKey", "altKey", "metaKey", "relatedTarget"], false);
  class PageTransitionEvent extends Event {}
  accessors(PageTransitionEvent, ["persisted"], false);

  const classes = { EventTarget, Node, Element, HTMLElement, CharacterData, Text, Comment, DocumentType, Document,
    DOMTokenList, Event, CustomEvent, MessageEvent, UIEvent, MouseEvent, PageTransitionEvent };
  return classes;
})
