/** Small naming helpers shared by the loader and the derivation. */

/** `PageView` → `pageView`. */
export function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

/** `PageView` → `page_view`. */
export function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase()
}

/** `PageView` → `PageViews` style plural used for default table names and pattern names. */
export function plural(name: string): string {
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`
  if (/(s|x|z|ch|sh)$/i.test(name)) return `${name}es`
  return `${name}s`
}

/** `email` → `Email`. */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1)
}
