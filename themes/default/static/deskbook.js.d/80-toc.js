  /* ------------------------------------------------------------------ 5. table of contents */

  function setupTocSpy() {
    var toc = $(".toc");
    if (!toc) return;
    var links = $all("a[href^='#']", toc);
    var targets = links.map(function (link) {
      try {
        return document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      } catch (error) {
        return null;
      }
    });
    var current = -1;
    var pending = false;

    function update() {
      pending = false;
      var line = Math.min(window.innerHeight * 0.3, 200);
      var index = -1;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i] && targets[i].getBoundingClientRect().top <= line) index = i;
      }
      if (index === current) return;
      if (current >= 0) links[current].removeAttribute("aria-current");
      current = index;
      if (current >= 0) links[current].setAttribute("aria-current", "location");
    }

    window.addEventListener("scroll", function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(update);
      }
    }, { passive: true });
    update();
  }

  setupTocSpy();
