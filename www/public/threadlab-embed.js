// ThreadLab auto-size script for course pages. Include it once on a page that
// embeds ThreadLab frames:
//   <script src="https://your-host/threadlab/threadlab-embed.js" defer></script>
// It sets each ThreadLab frame's height to what its content needs, and re-fires
// every ThreadLab message as a `threadlab` DOM event on its <iframe> element
// (event.detail = the message), so the page can react to runs and predictions:
//   frame.addEventListener('threadlab', (e) => console.log(e.detail.type, e.detail));
// Message shape: README "Embed it". Plain script, no dependencies, no network.
(function () {
  'use strict';
  if (window.__threadlabEmbed) return; // included twice: the first copy does the work
  window.__threadlabEmbed = true;

  var MAX_HEIGHT = 20000;

  /** The <iframe> whose window sent the message, if any. */
  function frameOf(source) {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) if (frames[i].contentWindow === source) return frames[i];
    return null;
  }

  function originOf(frame) {
    try {
      return new URL(frame.src, document.baseURI).origin;
    } catch (e) {
      return '';
    }
  }

  // ThreadLab's own origin: where this script was loaded from. Messages from any
  // other frame on the course page (an ad, a video) are ignored.
  var THREADLAB_ORIGIN = (function () {
    try {
      return new URL(document.currentScript.src).origin;
    } catch (e) {
      return '';
    }
  })();

  window.addEventListener('message', function (event) {
    if (!THREADLAB_ORIGIN || event.origin !== THREADLAB_ORIGIN) return;
    var m = event.data;
    if (!m || typeof m !== 'object' || m.source !== 'threadlab' || typeof m.type !== 'string') return;
    if (m.type.indexOf('threadlab:') !== 0) return;
    var frame = frameOf(event.source);
    // Only the frame that really sent it, and only from the origin its src names.
    if (!frame || originOf(frame) !== event.origin) return;
    if (m.type === 'threadlab:resize') {
      var h = m.height;
      if (typeof h === 'number' && isFinite(h) && h >= 0 && h <= MAX_HEIGHT) frame.style.height = Math.ceil(h) + 'px';
    }
    frame.dispatchEvent(new CustomEvent('threadlab', { detail: m }));
  });

  // A frame that was ready before this script ran has already sent its height:
  // ask every frame once more.
  function ask() {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      var origin = originOf(frames[i]);
      if (frames[i].contentWindow && /^https?:/.test(origin) && /embed\.html|[?&]embed=1/.test(frames[i].src)) {
        frames[i].contentWindow.postMessage({ source: 'threadlab-host', type: 'threadlab:request-height' }, origin);
      }
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ask);
  else ask();
})();
