// The only script of ours: what htmx does not do. Everything works without it.
//   "/" focuses the search box; "Cite", "Short ref" and "Copy" copy text to the clipboard; a live search's
//   summary is read out, and "More results" moves the focus to the first new result; the reading list
//   is kept in localStorage across searches (the server holds none: /list?ids=... shows any list).
(function () {
  'use strict';

  document.documentElement.classList.add('js');

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
    window.setTimeout(function () {
      announcer.textContent = message;
    }, 50);
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
    showList();
    var target = event.detail?.ctx?.target;
    if (target?.id !== 'search-results') return;
    var summary = target.querySelector('.results-summary');
    if (summary) announce(summary.textContent.replace(/\s+/g, ' ').trim());
  });

  // "More results" replaces its own list item with the next page's items, taking the focus with it: give
  // the focus to the first new result instead of the top of the page. The swap may insert in steps, so
  // wait until a result follows the last old one.
  document.addEventListener('htmx:before:swap', function (event) {
    var more = event.target.closest?.('#more-results');
    if (!more?.parentNode) return;
    var lastOld = more.previousElementSibling;
    var observer = new MutationObserver(function () {
      var first = lastOld?.nextElementSibling;
      if (!first?.classList.contains('result')) return;
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
      if (ok) resolve();
      else reject(new Error('copy failed'));
    });
  }

  function showCopied(element) {
    var label = element.getAttribute('data-copied') || 'Copied';
    var original = element.getAttribute('data-label') || element.textContent;
    element.setAttribute('data-label', original);
    element.textContent = label;
    element.classList.add('is-copied');
    announce(label === 'Copied' ? 'Citation copied to the clipboard' : `${label} to the clipboard`);
    window.setTimeout(function () {
      element.textContent = original;
      element.classList.remove('is-copied');
    }, 2000);
  }

  document.addEventListener('click', function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var cite = event.target.closest?.('[data-citation]');
    var button = event.target.closest?.('[data-copy-target]');
    var text = cite
      ? cite.getAttribute('data-citation')
      : button
        ? document.getElementById(button.getAttribute('data-copy-target'))?.textContent
        : null;
    if (!text) return;
    var element = cite || button;
    event.preventDefault();
    copy(text.trim()).then(
      function () {
        showCopied(element);
      },
      function () {
        // Copying is not allowed here: follow the link to the citation instead.
        if (cite?.href) window.location.href = cite.href;
      },
    );
  });

  // The reading list: passage ids in the reader's order, in this browser only.
  var LIST_KEY = 'tip-reading-list';

  function readList() {
    var ids;
    try {
      ids = JSON.parse(window.localStorage.getItem(LIST_KEY) || '[]');
    } catch {
      return [];
    }
    return Array.isArray(ids)
      ? ids.filter(function (id) {
          return typeof id === 'string' && id;
        })
      : [];
  }

  function writeList(ids) {
    var unique = ids.filter(function (id, index) {
      return ids.indexOf(id) === index;
    });
    try {
      window.localStorage.setItem(LIST_KEY, JSON.stringify(unique));
    } catch {
      /* storage full or off: the URL still carries the list */
    }
    showList();
  }

  function listHref(path, ids) {
    return path + (ids.length ? `?ids=${ids.map(encodeURIComponent).join(',')}` : '');
  }

  /** Ticks, counts and the header link follow the stored list. */
  function showList() {
    var ids = readList();
    Array.prototype.forEach.call(document.querySelectorAll('input.list-toggle'), function (box) {
      box.checked = ids.indexOf(box.value) !== -1;
    });
    Array.prototype.forEach.call(document.querySelectorAll('.list-count'), function (count) {
      count.textContent = ids.length ? ` (${ids.length})` : '';
    });
    Array.prototype.forEach.call(document.querySelectorAll('a.list-link'), function (link) {
      link.setAttribute('href', listHref('/list', ids));
    });
    var page = document.querySelector('.reading-list-page');
    var shared = document.querySelector('.list-shared');
    if (page && shared) shared.hidden = !isShared(ids);
  }

  /** The list page shows another list than the stored one (a link someone shared). */
  function isShared(stored) {
    var shown = urlIds();
    return shown.length > 0 && shown.join(',') !== stored.join(',');
  }

  function urlIds() {
    var value = new URLSearchParams(window.location.search).get('ids');
    return value ? value.split(',').filter(Boolean) : [];
  }

  document.addEventListener('change', function (event) {
    var box = event.target;
    if (!box.classList?.contains('list-toggle')) return;
    var ids = readList().filter(function (id) {
      return id !== box.value;
    });
    if (box.checked) ids.push(box.value);
    writeList(ids);
    announce(
      box.checked ? `Kept in the reading list (${ids.length})` : `Taken out of the reading list (${ids.length})`,
    );
  });

  // The list's buttons on a results page open or export the whole stored list, not just this page's ticks.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form?.id !== 'citation-export') return;
    var submitter = event.submitter;
    var path = new URL(submitter?.getAttribute('formaction') || form.getAttribute('action'), window.location.href)
      .pathname;
    event.preventDefault();
    window.location.href = listHref(path, readList());
  });

  document.addEventListener('click', function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var page = document.querySelector('.reading-list-page');
    if (!page || !event.target.closest) return;
    var move = event.target.closest('a.list-move');
    // Moving or removing in your own list changes the stored list too; in a shared one, only the address.
    if (move && !isShared(readList())) {
      writeList(
        new URL(move.href).searchParams.get('ids') ? new URL(move.href).searchParams.get('ids').split(',') : [],
      );
      return;
    }
    if (event.target.closest('.list-keep')) {
      writeList(page.getAttribute('data-list-ids').split(',').filter(Boolean));
      window.location.replace(listHref('/list', readList()));
    } else if (event.target.closest('.list-merge')) {
      writeList(readList().concat(page.getAttribute('data-list-ids').split(',').filter(Boolean)));
      window.location.href = listHref('/list', readList());
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    // /list without ids is "my list": show the stored one.
    if (document.querySelector('.reading-list-page') && !urlIds().length && readList().length) {
      window.location.replace(listHref('/list', readList()));
      return;
    }
    showList();
  });

  // Another tab changed the list.
  window.addEventListener('storage', function (event) {
    if (event.key === LIST_KEY) showList();
  });
})();
