// @ts-check

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attributes]
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/**
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @returns {SVGElement}
 */
export function svg(tag, attributes = {}) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return /** @type {SVGElement} */ (element);
}

/**
 * The element matching `selector`, which the page cannot work without.
 * @template {Element} [T=HTMLElement]
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {T}
 */
export function required(selector, root = document) {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`Missing ${selector} in the console page.`);
  return /** @type {T} */ (found);
}

/**
 * Sets the text only when it changed, so screen readers and selections are not disturbed every second.
 * @param {Element} element
 * @param {string} text
 */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * @param {ParentNode} root
 * @param {string} field
 * @param {string} text
 */
export function setField(root, field, text) {
  const target = root.querySelector(`[data-field="${field}"]`);
  if (target) setText(target, text);
}
