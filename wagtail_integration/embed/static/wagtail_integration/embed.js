/* wagtail-integration: the city portal's web components (docs/embedding.md).
 * No dependencies, no build step. Each element reads the package's JSON API once (the form twice:
 * to show it, to send it) and renders into its Shadow DOM; its own children (a plain link to the
 * page, say) show until the data arrives, and again when the API cannot be reached.
 * /integration/embed.js serves this file with the site's strings and settings in CONFIG. */
(() => {
  "use strict";
  const CONFIG = /*CONFIG*/ {} /*END*/;
  const S = CONFIG.strings || {};
  const KEYS = CONFIG.keys || [];
  const RTL = CONFIG.rtl || ["ar", "fa", "he", "ur"];
  const SCRIPT = document.currentScript;
  const ORIGIN = SCRIPT && SCRIPT.src ? new URL(SCRIPT.src).origin : location.origin;
  const PATH = CONFIG.api || "/api/integration/v1/";
  const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const esc = (value) => String(value == null ? "" : value).replace(/[&<>"']/g, (c) => ESC[c]);
  const CSS = `:host{display:block;font:inherit;color:var(--integration-color,inherit);font-family:var(--integration-font,inherit)}
[hidden]{display:none!important}a{color:var(--integration-link,inherit)}ul,ol{list-style:none;margin:0;padding:0}
li{margin:0 0 var(--integration-gap,1rem);padding:0 0 var(--integration-gap,1rem);border-bottom:1px solid var(--integration-border,#ccd)}
h2,h3{font-size:1.1em;margin:0 0 .25em}p{margin:0 0 .25em}.muted{color:var(--integration-muted,#555)}
.status-cancelled time{text-decoration:line-through}[part~=error],[part~=summary],[part~=field-error]{color:var(--integration-error,#a00)}
[part~=error],[part~=summary]{border-inline-start:4px solid var(--integration-error,#a00);padding:.5em 1em;margin:0 0 1em}
fieldset{border:1px solid var(--integration-border,#ccd);border-radius:var(--integration-radius,4px);margin:0 0 1em;padding:.5em 1em}
fieldset fieldset{border:0;padding:0}.field{margin:0 0 .75em}label{display:block;font-weight:600}.choice label{display:inline;font-weight:normal}
input:not([type=checkbox]):not([type=radio]),select,textarea{box-sizing:border-box;width:100%;font:inherit;padding:.4em;border:1px solid var(--integration-border,#889);border-radius:var(--integration-radius,4px)}
[aria-invalid=true]{border-color:var(--integration-error,#a00)!important}:focus-visible{outline:3px solid var(--integration-focus,#05a);outline-offset:2px}
button{font:inherit;padding:.5em 1.2em;border:0;border-radius:var(--integration-radius,4px);background:var(--integration-accent,#05a);color:var(--integration-accent-text,#fff);cursor:pointer}
img{max-width:100%;height:auto}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

  /* The site's translation of `text` into `lang` (English where it has none), {name}s filled. */
  const tr = (lang, text, values) => {
    const table = S[lang] || S[lang.split("-")[0]] || [];
    return (table[KEYS.indexOf(text)] || text).replace(/\{(\w+)\}/g, (m, name) => (values && name in values ? values[name] : m));
  };
  const today = (zone) => new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date());
  const addDays = (day, count) => new Date(Date.parse(day) + count * 864e5).toISOString().slice(0, 10);

  const problem = (status, body) => ({ status, body: body || {} });

  /* What every element shares: language, direction, the API, the loading and error states. */
  class Widget extends HTMLElement {
    static get observedAttributes() {
      return ["lang", "dir", "locale", "base", ...this.params];
    }
    connectedCallback() {
      if (!this.shadowRoot) {
        this.attachShadow({ mode: "open" }).innerHTML =
          `<style>${CSS}</style><div part="widget"><div part="status" role="status" aria-live="polite" class="muted"></div>` +
          `<div part="error" role="alert" hidden></div><div part="content"></div><slot></slot></div>`;
      }
      this.load();
    }
    attributeChangedCallback() {
      if (this.loaded !== undefined) this.load();
    }
    /* The language: the element's own `lang` or its nearest ancestor's, one the site knows. */
    get language() {
      const found = (this.closest("[lang]") || document.documentElement).getAttribute("lang") || "de";
      const code = found.toLowerCase();
      const known = CONFIG.languages || ["de"];
      return known.includes(code) ? code : known.includes(code.split("-")[0]) ? code.split("-")[0] : "de";
    }
    t(text, values) {
      return tr(this.language, text, values);
    }
    part(name) {
      return this.shadowRoot.querySelector(`[part~=${name}]`);
    }
    /* `name` as a whole number in [low, high], `fallback` when absent; a bad one is an error. */
    number(name, low, high, fallback) {
      const raw = (this.getAttribute(name) || "").trim();
      if (!raw) return fallback;
      if (/^\d+$/.test(raw) && +raw >= low && +raw <= high) return +raw;
      throw problem(400, { errors: { [name]: [this.t("“{value}” is not a whole number from {low} to {high}.", { value: raw.slice(0, 40), low, high })] } });
    }
    async get(path, params) {
      const url = new URL(PATH + path, this.getAttribute("base") || ORIGIN);
      params.locale = this.getAttribute("locale") || this.language;
      for (const [key, value] of Object.entries(params)) if (value != null && value !== "") url.searchParams.set(key, value);
      return this.request(url, { headers: { Accept: "application/json" } });
    }
    async request(url, options) {
      const response = await fetch(url, { ...options, signal: AbortSignal.timeout ? AbortSignal.timeout(15000) : undefined });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw problem(response.status, body);
      return body;
    }
    /* Marks for content in another language than the widget's: the German fallback. */
    marks(item) {
      return item && item.fallback ? ` lang="${esc(item.locale)}" dir="ltr"` : "";
    }
    href(item, url) {
      return `href="${esc(url)}"${item && item.fallback ? ` hreflang="${esc(item.locale)}"` : ""}`;
    }
    /* "In German", in the widget's language, beside content that comes in German. */
    flag(item) {
      const wrapper = this.part("widget");
      return item && item.fallback ? `<p part="fallback" class="muted" lang="${wrapper.lang}" dir="${wrapper.dir}">${esc(this.t("In German"))}</p>` : "";
    }
    heading(level, inner, part) {
      const h = Math.min(6, Math.max(2, this.number("heading", 2, 6, level)));
      return `<h${h} part="${part || "title"}">${inner}</h${h}>`;
    }
    when(item, start) {
      const locale = this.language.split("-")[0];
      const options = { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: item.time_zone };
      if (!item.all_day) Object.assign(options, { hour: "2-digit", minute: "2-digit" });
      const format = new Intl.DateTimeFormat(locale, options);
      const from = new Date(start || item.start);
      const range = !start && !item.all_day && item.end && format.formatRange;
      const text = range ? format.formatRange(from, new Date(item.end)) : format.format(from);
      return `<time datetime="${esc(start || item.start)}">${esc(text)}</time>`;
    }
    async load() {
      const run = (this.loaded = {});
      const wrapper = this.part("widget");
      const language = this.language;
      wrapper.lang = language;
      wrapper.dir = this.getAttribute("dir") || (RTL.includes(language.split("-")[0]) ? "rtl" : getComputedStyle(this).direction);
      this.part("status").textContent = this.t("Loading…");
      try {
        const html = await this.build();
        if (run !== this.loaded) return;
        this.show(html);
      } catch (error) {
        if (run === this.loaded) this.fail(error);
      }
    }
    show(html) {
      this.part("content").innerHTML = html;
      this.part("status").textContent = "";
      this.part("error").hidden = true;
      this.shadowRoot.querySelector("slot").hidden = true;
      this.dispatchEvent(new CustomEvent("integration-load", { bubbles: true }));
    }
    /* A visible, announced message; the element's own content (a link, say) shows again. The
     * API says what was wrong with a request, in the widget's language; else it was not reached. */
    fail(error) {
      const body = (error && error.status < 500 && error.body) || {};
      const messages = [body.detail, ...[].concat(...Object.values(body.errors || {}))].filter(Boolean);
      if (!messages.length) messages.push(this.t("Not reachable at the moment. Please try again later."));
      const box = this.part("error");
      box.innerHTML = messages.map((m) => `<p>${esc(m)}</p>`).join("");
      box.hidden = false;
      this.part("status").textContent = "";
      this.part("content").innerHTML = "";
      this.shadowRoot.querySelector("slot").hidden = false;
    }
  }

  /* One date of a series: when, its status in words, its note and place, links. */
  const occurrence = (w, item, withTitle) => {
    const state = item.status === "cancelled" ? `<strong>${esc(w.t("Cancelled:"))}</strong> ` : item.status === "moved" ? `<strong>${esc(w.t("Moved to:"))}</strong> ` : "";
    const moved = item.status === "moved" ? `<p part="previous" class="muted">${esc(w.t("Previously:"))} <s>${w.when(item, item.original_start)}</s></p>` : "";
    const place = item.venue ? `<span${w.marks(item.venue)}>${esc(item.venue.name)}</span>` : item.online_url ? esc(w.t("online")) : "";
    return (
      `<li part="item" class="status-${esc(item.status)}">` +
      (withTitle ? w.heading(3, `<a part="link" ${w.href(item, item.url)}${w.marks(item)}>${esc(item.title)}</a>`) + w.flag(item) : "") +
      `<p part="date">${state}${w.when(item)}</p>${moved}` +
      (item.note ? `<p part="note"${w.marks(item)}>${esc(item.note)}</p>` : "") +
      (place ? `<p part="place">${esc(w.t("Place:"))} ${place}</p>` : "") +
      (item.ical_url ? `<p><a part="calendar" href="${esc(item.ical_url)}">${esc(w.t("Add to my calendar (.ics file)"))}</a></p>` : "") +
      `</li>`
    );
  };
  const eventParams = (w, limit) => {
    const zone = CONFIG.time_zone || "Europe/Berlin";
    const start = today(zone);
    return { start, end: addDays(start, w.number("days", 1, 366, 366)), limit, series: w.getAttribute("series") };
  };
  const upcoming = (items) => items.filter((item) => Date.parse(item.end) > Date.now());

  class Events extends Widget {
    static params = ["category", "topic", "series", "limit", "days", "heading"];
    async build() {
      const limit = this.number("limit", 1, 100, 5);
      const params = eventParams(this, Math.min(100, limit + 5));
      params.category = this.getAttribute("category");
      params.topic = this.getAttribute("topic");
      const items = upcoming((await this.get("occurrences", params)).items).slice(0, limit);
      if (!items.length) return `<p part="empty">${esc(this.t("No dates are planned at the moment."))}</p>`;
      return `<ol part="list">${items.map((item) => occurrence(this, item, true)).join("")}</ol>`;
    }
  }

  class NextStammtisch extends Widget {
    static params = ["series", "category", "heading"];
    async build() {
      const params = eventParams(this, 10);
      if (!params.series) params.category = this.getAttribute("category") || CONFIG.stammtisch || "stammtisch";
      const items = upcoming((await this.get("occurrences", params)).items);
      const next = items.find((item) => item.status !== "cancelled");
      const cancelled = items.slice(0, items.indexOf(next)).map((item) => occurrence(this, item, false));
      if (!next) return cancelled.join("") ? `<ul part="list">${cancelled.join("")}</ul>` : `<p part="empty">${esc(this.t("No dates are planned at the moment."))}</p>`;
      return `<ul part="list">${cancelled.join("")}${occurrence(this, next, true)}</ul>`;
    }
  }

  /* One organisation: what it is, where, how to reach it, the languages spoken there. */
  const organisation = (w, item, level) => {
    const address = item.address ? [item.address.street, [item.address.postcode, item.address.city].join(" ")].filter((s) => s.trim()).join(", ") : "";
    const contact = [
      item.phone && `<a href="tel:${esc(item.phone.replace(/[^\d+]/g, ""))}">${esc(item.phone)}</a>`,
      item.email && `<a href="mailto:${esc(item.email)}">${esc(item.email)}</a>`,
      item.website && `<a href="${esc(item.website)}">${esc(item.website.replace(/^https?:\/\/|\/$/g, ""))}</a>`,
    ].filter(Boolean);
    const languages = (item.languages || []).map((l) => `<span lang="${esc(l.code)}">${esc(l.name)}</span>`).join(", ");
    return (
      `<div part="organisation"${w.marks(item)}>` +
      w.heading(level, esc(item.name)) +
      w.flag(item) +
      (item.kind_label ? `<p part="kind" class="muted">${esc(item.kind_label)}</p>` : "") +
      (item.description ? `<p>${esc(item.description)}</p>` : "") +
      (address ? `<p part="address">${esc(address)}</p>` : "") +
      (contact.length ? `<p part="contact">${item.is_sample ? `<em>${esc(w.t("Sample data:"))}</em> ` : ""}${contact.join(" · ")}</p>` : "") +
      (languages ? `<p part="languages">${esc(w.t("Languages spoken:"))} ${languages}</p>` : "") +
      `</div>`
    );
  };

  class Organisations extends Widget {
    static params = ["topic", "language", "kind", "limit", "heading"];
    async build() {
      const params = { limit: this.number("limit", 1, 100, 20) };
      for (const name of ["topic", "language", "kind"]) params[name] = this.getAttribute(name);
      const items = (await this.get("organisations", params)).items;
      if (!items.length) return `<p part="empty">${esc(this.t("Nothing found."))}</p>`;
      return `<ul part="list">${items.map((item) => `<li part="item">${organisation(this, item, 3)}</li>`).join("")}</ul>`;
    }
  }

  class Honours extends Widget {
    static params = ["year", "limit", "heading"];
    async build() {
      const year = (this.getAttribute("year") || "").trim();
      const items = (await this.get("honours", { year, limit: this.number("limit", 1, 100, 50) })).items;
      if (!items.length) return `<p part="empty">${esc(this.t("Nothing found."))}</p>`;
      const row = (item) => {
        const photo = item.photo ? `<img part="photo" src="${esc(item.photo.url)}" alt="${esc(item.photo.alt)}" width="${item.photo.width}" height="${item.photo.height}" loading="lazy">` : "";
        const meta = [item.award && `<span${this.marks(item.award)}>${esc(item.award.name)}</span>`, esc(item.year), item.organisation && esc(item.organisation.name)];
        return `<li part="item">${photo}${this.heading(3, `<a part="link" ${this.href(item, item.url)}${this.marks(item)}>${esc(item.title)}</a>`)}${this.flag(item)}<p part="meta" class="muted">${meta.filter(Boolean).join(" · ")}</p></li>`;
      };
      return `<ul part="list">${items.map(row).join("")}</ul>`;
    }
  }

  class Topic extends Widget {
    static params = ["topic", "heading"];
    async build() {
      const raw = (this.getAttribute("topic") || "").trim();
      let id = raw || "0";
      if (/\D/.test(id)) {
        // A slug, of the guide or of its topic: the list finds the guide's id (a second request);
        // for no such guide, the list filtered by it says what is wrong.
        const found = (await this.get("topics", { limit: 100 })).items.find((g) => g.slug === raw || (g.topic && g.topic.slug === raw));
        id = found ? found.id : (await this.get("topics", { topic: raw })).items.length && 0;
      }
      const guide = await this.get(`topics/${encodeURIComponent(id)}`, {});
      const blocks = guide.body.map((block) => this.block(block.type, block.value)).join("");
      return `<article${this.marks(guide)}>${this.heading(2, `<a part="link" ${this.href(guide, guide.url)}>${esc(guide.title)}</a>`)}${this.flag(guide)}` +
        (guide.summary ? `<p part="summary">${esc(guide.summary)}</p>` : "") + blocks + `</article>`;
    }
    block(type, value) {
      const link = (url, text) => `<a href="${esc(url)}">${esc(text)}</a>`;
      switch (type) {
        case "heading": return this.heading(3, esc(value), "heading");
        case "text": return `<div part="text">${value}</div>`;
        case "links": return `<ul part="links">${value.map((l) => `<li>${link(l.url, l.title)}${l.description ? `<p>${esc(l.description)}</p>` : ""}</li>`).join("")}</ul>`;
        case "contact": return `<div part="contact-card">${organisation(this, value, 4)}</div>`;
        case "faq": return value.map((f) => `<details part="faq"><summary>${esc(f.question)}</summary>${f.answer}</details>`).join("");
        case "call_to_action": return value.page ? `<p part="call-to-action">${esc(value.text)} ${link(value.page.url, value.button_label)}</p>` : "";
        case "downloads": return `<ul part="downloads">${value.map((d) => `<li>${link(d.url, d.title)} (${esc(d.file_extension)})</li>`).join("")}</ul>`;
        default: return "";
      }
    }
  }

  /* A form of the site, rendered from GET forms/{id} and sent to its submission_url; with
     occurrence="{id}" the registration form of that date (GET occurrences/{id}). */
  class Form extends Widget {
    static params = ["form", "occurrence", "heading"];
    async fetchForm() {
      const id = (name) => encodeURIComponent((this.getAttribute(name) || "").trim() || 0);
      const data = await this.get(this.hasAttribute("occurrence") ? `occurrences/${id("occurrence")}` : `forms/${id("form")}`, {});
      const seats = data.registration;
      return seats ? { ...data, ...seats, intro: `<p>${esc(seats.message)}</p>` } : data;
    }
    async build() {
      const data = (this.data = await this.fetchForm());
      if (!data.fields || data.open === false) return `<div${this.marks(data)}>${this.heading(2, esc(data.title))}${data.intro || ""}</div>`;
      const fields = Object.fromEntries(data.fields.map((field) => [field.name, field]));
      const groups = data.fieldsets && data.fieldsets.length ? data.fieldsets : [{ legend: "", fields: data.fields.map((f) => f.name) }];
      const html = groups.map((group) => `<fieldset part="group">${group.legend ? `<legend>${esc(group.legend)}</legend>` : ""}${group.fields.filter((name) => fields[name]).map((name) => this.field(fields[name])).join("")}</fieldset>`);
      return `<div${this.marks(data)}>${this.heading(2, esc(data.title))}${this.flag(data)}${data.intro ? `<div part="intro">${data.intro}</div>` : ""}</div>` +
        `<div part="summary" role="alert" tabindex="-1" hidden></div>` +
        `<form part="form" novalidate>${html.join("")}<button part="button" type="submit">${esc(this.t("Send"))}</button></form>`;
    }
    field(field) {
      const id = `f-${field.name}`;
      const required = field.required ? ` <span class="muted">(${esc(this.t("required"))})</span>` : "";
      const help = field.help_text ? `<p id="${id}-help" class="muted">${esc(field.help_text)}</p>` : "";
      const described = `aria-describedby="${field.help_text ? `${id}-help ` : ""}${id}-error"`;
      const error = `<p part="field-error" id="${id}-error" hidden></p>`;
      const attrs = `name="${esc(field.name)}"${field.required ? " required" : ""}`;
      const notice = field.name === "consent" && this.data.privacy_notice ? `<div part="privacy">${this.data.privacy_notice}</div>` : "";
      const choice = (type, c, i) => `<div class="choice"><input type="${type}" id="${id}-${i}" ${attrs} value="${esc(c.value)}"${[].concat(field.initial).includes(c.value) ? " checked" : ""}> <label for="${id}-${i}">${esc(c.label)}</label></div>`;
      let control;
      if (field.type === "radio" || field.type === "checkboxes") {
        const type = field.type === "radio" ? "radio" : "checkbox";
        return `<fieldset part="field" class="field" id="${id}" tabindex="-1" ${described}><legend>${esc(field.label)}${required}</legend>${help}${error}${field.choices.map((c, i) => choice(type, c, i)).join("")}</fieldset>`;
      }
      if (field.type === "checkbox") {
        return `${notice}<div part="field" class="field">${error}<div class="choice"><input type="checkbox" id="${id}" ${attrs} ${described}${field.initial ? " checked" : ""}> <label for="${id}">${esc(field.label)}${required}</label></div>${help}</div>`;
      }
      const max = field.max_length ? ` maxlength="${field.max_length}"` : "";
      const value = field.initial == null ? "" : esc(field.initial);
      if (field.type === "textarea") control = `<textarea id="${id}" ${attrs}${max} rows="5" ${described}>${value}</textarea>`;
      else if (field.type === "select") {
        const options = (field.required ? [] : [{ value: "", label: "—" }]).concat(field.choices);
        control = `<select id="${id}" ${attrs} ${described}>${options.map((c) => `<option value="${esc(c.value)}"${c.value === field.initial ? " selected" : ""}>${esc(c.label)}</option>`).join("")}</select>`;
      } else control = `<input type="${esc(field.type)}" id="${id}" ${attrs}${max} value="${value}" ${described}>`;
      const own = /^language_/.test(field.name) ? ` lang="${esc(field.name.slice(9))}"` : "";
      return `${notice}<div part="field" class="field"><label for="${id}"${own}>${esc(field.label)}${required}</label>${help}${error}${control}</div>`;
    }
    show(html) {
      super.show(html);
      this.part("form").addEventListener("submit", (event) => {
        event.preventDefault();
        this.send();
      });
    }
    values() {
      const form = this.part("form");
      const body = { form_token: this.data.token };
      for (const field of this.data.fields) {
        const inputs = [...form.querySelectorAll(`[name="${CSS_escape(field.name)}"]`)];
        if (field.type === "checkbox") body[field.name] = inputs[0].checked;
        else if (field.type === "checkboxes") body[field.name] = inputs.filter((i) => i.checked).map((i) => i.value);
        else if (field.type === "radio") body[field.name] = (inputs.find((i) => i.checked) || {}).value || null;
        else body[field.name] = inputs[0].value.trim() || null;
      }
      return body;
    }
    async send() {
      const button = this.part("button");
      const summary = this.part("summary");
      button.disabled = true;
      const url = new URL(this.data.submission_url);
      url.searchParams.set("source", "embed");
      try {
        const answer = await this.request(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(this.values()) });
        this.part("content").innerHTML = `<div part="message" role="status" tabindex="-1">${answer.message}</div>`;
        this.part("message").focus();
      } catch (error) {
        this.errors(error, summary);
      } finally {
        button.disabled = false;
      }
    }
    /* The errors: each at its field and in a summary that links there and takes the focus. */
    errors(error, summary) {
      const body = error.body || {};
      const form = this.part("form");
      const labels = Object.fromEntries(this.data.fields.map((f) => [f.name, f]));
      for (const node of form.querySelectorAll("[part~=field-error]")) node.hidden = true;
      for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
      const entries = [];
      for (const [name, messages] of Object.entries(body.errors || {})) {
        const field = labels[name];
        const text = messages.join(" ");
        if (!field) {
          entries.push(`<li>${esc(text)}</li>`);
          continue;
        }
        const node = this.shadowRoot.getElementById(`f-${name}-error`);
        node.innerHTML = `<span class="sr">${esc(this.t("Error:"))} </span>${esc(text)}`;
        node.hidden = false;
        for (const input of form.querySelectorAll(`[name="${CSS_escape(name)}"]`)) input.setAttribute("aria-invalid", "true");
        const label = field.type === "checkbox" ? "" : `${esc(field.label)}: `;
        entries.push(`<li><a href="#f-${esc(name)}" data-field="${esc(name)}">${label}${esc(text)}</a></li>`);
      }
      let heading = this.t("Please check your entries");
      if (error.status === 429) heading = this.t("Sending is temporarily blocked");
      if (!entries.length) entries.push(`<li>${esc(body.detail && error.status < 500 ? body.detail : this.t("Not reachable at the moment. Please try again later."))}</li>`);
      summary.innerHTML = `<h3>${esc(heading)}</h3><ul>${entries.join("")}</ul>`;
      summary.hidden = false;
      summary.focus();
      for (const link of summary.querySelectorAll("a[data-field]")) {
        link.addEventListener("click", (event) => {
          event.preventDefault();
          const target = this.shadowRoot.getElementById(`f-${link.dataset.field}`) || this.shadowRoot.getElementById(`f-${link.dataset.field}-0`);
          target.focus();
        });
      }
      // A token too old or too young: fetch a new one, so that sending again works.
      if (body.errors && (body.errors.__all__ || body.errors.form_token)) {
        this.fetchForm().then((data) => (this.data.token = data.token), () => {});
      }
    }
  }
  const CSS_escape = (name) => (window.CSS && window.CSS.escape ? window.CSS.escape(name) : name);

  const ELEMENTS = {
    "integration-events": Events,
    "integration-next-stammtisch": NextStammtisch,
    "integration-topic": Topic,
    "integration-organisations": Organisations,
    "integration-honours": Honours,
    "integration-form": Form,
  };
  for (const [name, element] of Object.entries(ELEMENTS)) if (!customElements.get(name)) customElements.define(name, element);

  /* An element named like ours that is none of them: say so inside it, beside its content. */
  const unknown = () => {
    for (const node of document.querySelectorAll("*")) {
      const name = node.localName;
      if (!name.startsWith("integration-") || ELEMENTS[name] || customElements.get(name) || node.shadowRoot) continue;
      const lang = ((node.closest("[lang]") || document.documentElement).getAttribute("lang") || "de").toLowerCase();
      const text = tr(lang, "There is no widget “{name}”. Use one of: {choices}.", { name, choices: Object.keys(ELEMENTS).join(", ") });
      try {
        node.attachShadow({ mode: "open" }).innerHTML = `<style>${CSS}</style><p part="error" role="alert">${esc(text)}</p><slot></slot>`;
      } catch (error) {
        /* not an element that can have a shadow root */
      }
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", unknown);
  else unknown();
})();
