// The main menu scrolls sideways on a phone: bring the current section's tab into view.
document.addEventListener("DOMContentLoaded", function () {
  var current = document.querySelector('.tabs [aria-current="page"]');
  if (current && current.parentElement.scrollWidth > current.parentElement.clientWidth) {
    var nav = current.parentElement;
    nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
  }
});
