/**
 * Copies text. The Clipboard API exists only in secure contexts (https, localhost), and dashboards
 * are often opened over plain http on a LAN address: there a selected textarea and the older copy
 * command still work.
 */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('The browser refused to copy to the clipboard');
}
