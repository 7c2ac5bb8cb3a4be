/* django-recurrence's scripts use `django.jQuery`. Django's admin/js/jquery.init.js sets it by
   replacing `window.django` (`window.django = {jQuery: ...}`), which in the Wagtail admin threw
   away the JavaScript catalog the admin had put there: Wagtail's scripts then showed English.
   This file stands in for it and only adds jQuery to the object; noConflict(true) gives
   `window.jQuery` and `$` back to what the page had before Django's jQuery was loaded. */
'use strict';
window.django = window.django || {};
window.django.jQuery = jQuery.noConflict(true);
