// Selecting words with the mouse fills the span of a bracket or a replacement.
//
// Progressive enhancement, no framework: without this script the delegate types (or
// copies) the words into the form's "quote" field and accord finds them. With it, a
// selection inside an element marked data-select-for="<form id>" (the paragraph's text,
// or the textarea holding it) fills that form's quote, start and end: offsets count
// Unicode code points from the start of the paragraph, as the server does. A selection
// is widened to whole words and trimmed of spaces. Typing in the quote field clears the
// offsets, so the server looks the typed words up. Listeners sit on the document, so
// paragraphs swapped in later by htmx work too; loading the module twice runs it once.

const WORD = /[\p{L}\p{N}_'’-]/u;

function codePoints(text) {
  return Array.from(text).length;
}

// Widen [start, end) to whole words and drop spaces at its ends (UTF-16 offsets).
function snap(text, start, end) {
  while (start < end && /\s/.test(text[start])) start += 1;
  while (end > start && /\s/.test(text[end - 1])) end -= 1;
  if (start === end) return null;
  while (start > 0 && WORD.test(text[start - 1]) && WORD.test(text[start])) start -= 1;
  while (end < text.length && WORD.test(text[end]) && WORD.test(text[end - 1])) end += 1;
  return [start, end];
}

// The selection inside `source` as UTF-16 offsets into its text, or null.
function selectedRange(source) {
  if (source instanceof HTMLTextAreaElement) {
    // Offsets into a textarea are offsets into the paragraph only while it is unedited.
    if (source.value !== source.defaultValue) return null;
    const { selectionStart, selectionEnd } = source;
    return selectionStart === selectionEnd ? null : [selectionStart, selectionEnd];
  }
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) {
    return null;
  }
  const before = document.createRange();
  before.selectNodeContents(source);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return [start, start + range.toString().length];
}

function textOf(source) {
  return source instanceof HTMLTextAreaElement ? source.value : source.textContent;
}

function fill(source) {
  const form = document.getElementById(source.dataset.selectFor);
  if (!form) return;
  const text = textOf(source);
  const raw = selectedRange(source);
  const span = raw && snap(text, raw[0], raw[1]);
  if (!span) return;
  const [start, end] = span;
  const quote = form.elements.namedItem("quote");
  if (quote) quote.value = text.slice(start, end);
  const startField = form.elements.namedItem("start");
  const endField = form.elements.namedItem("end");
  if (startField) startField.value = String(codePoints(text.slice(0, start)));
  if (endField) endField.value = String(codePoints(text.slice(0, end)));
  // Occurrence radios asked for a typed quote; the selection says which one it is.
  form.querySelectorAll("input[name=occurrence]").forEach((radio) => {
    radio.checked = false;
    radio.required = false;
  });
  form.classList.add("has-selection");
}

function onSelect(event) {
  const target = event.target;
  if (target instanceof HTMLTextAreaElement) {
    if (target.dataset.selectFor) fill(target);
    return;
  }
  // A drag may end outside the paragraph: the selection says where it started.
  const selection = window.getSelection();
  const node = selection && selection.anchorNode;
  const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
  const source = element && element.closest("[data-select-for]");
  if (source) fill(source);
}

function onType(event) {
  const field = event.target;
  if (!(field instanceof HTMLInputElement) || field.name !== "quote" || !field.form) return;
  for (const name of ["start", "end"]) {
    const hidden = field.form.elements.namedItem(name);
    if (hidden) hidden.value = "";
  }
  field.form.classList.remove("has-selection");
}

if (!window.accordSelectWords) {
  window.accordSelectWords = true;
  document.addEventListener("mouseup", onSelect);
  document.addEventListener("keyup", onSelect);
  document.addEventListener("select", onSelect, true);
  document.addEventListener("input", onType);
}
