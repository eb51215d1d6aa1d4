// The only script of ours: what htmx does not do. Everything works without it.
//   "/" focuses the search box; "Cite" and "Copy citation" copy text to the clipboard; a live search's
//   summary is read out, and "More results" moves the focus to the first new result.
(function () {
  'use strict';

  var announcer = document.createElement('div');
  announcer.className = 'visually-hidden';
  announcer.setAttribute('aria-live', 'polite');
  document.addEventListener('DOMContentLoaded', function () {
    document.body.appendChild(announcer);
  });

  function announce(message) {
    // Back and Forward make htmx swap the whole body, announcer included: put it back.
    if (!announcer.isConnected) document.body.appendChild(announcer);
    announcer.textContent = '';
    window.setTimeout(function () { announcer.textContent = message; }, 50);
  }

  document.addEventListener('keydown', function (event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var box = document.getElementById('q');
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // The results region was swapped in place: say what it holds now ("13 passages for forced labor").
  // A query error announces itself (role="alert").
  document.addEventListener('htmx:after:swap', function (event) {
    var target = event.detail && event.detail.ctx && event.detail.ctx.target;
    if (!target || target.id !== 'search-results') return;
    var summary = target.querySelector('.results-summary');
    if (summary) announce(summary.textContent.replace(/\s+/g, ' ').trim());
  });

  // "More results" replaces its own list item with the next page's items, taking the focus with it: give
  // the focus to the first new result instead of the top of the page. The swap may insert in steps, so
  // wait until a result follows the last old one.
  document.addEventListener('htmx:before:swap', function (event) {
    var more = event.target.closest && event.target.closest('#more-results');
    if (!more || !more.parentNode) return;
    var lastOld = more.previousElementSibling;
    var observer = new MutationObserver(function () {
      var first = lastOld && lastOld.nextElementSibling;
      if (!first || !first.classList.contains('result')) return;
      observer.disconnect();
      first.setAttribute('tabindex', '-1');
      first.focus();
    });
    observer.observe(more.parentNode, { childList: true });
  });

  // Clipboard API where the page is a secure context (localhost is); a hidden textarea otherwise.
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'visually-hidden';
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand('copy');
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error('copy failed'));
    });
  }

  function showCopied(element, label) {
    var original = element.getAttribute('data-label') || element.textContent;
    element.setAttribute('data-label', original);
    element.textContent = label;
    element.classList.add('is-copied');
    announce(label === 'Copied' ? 'Citation copied to the clipboard' : label);
    window.setTimeout(function () {
      element.textContent = original;
      element.classList.remove('is-copied');
    }, 2000);
  }

  document.addEventListener('click', function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var cite = event.target.closest && event.target.closest('[data-citation]');
    var button = event.target.closest && event.target.closest('[data-copy-target]');
    var text = cite ? cite.getAttribute('data-citation') : button ? (document.getElementById(button.getAttribute('data-copy-target')) || {}).textContent : null;
    if (!text) return;
    var element = cite || button;
    event.preventDefault();
    copy(text.trim()).then(
      function () { showCopied(element, 'Copied'); },
      function () {
        // Copying is not allowed here: follow the link to the citation instead.
        if (cite && cite.href) window.location.href = cite.href;
      }
    );
  });
})();
