/*
 * The series editor's changes to single dates: the new date, time and venue are shown only
 * while a change is a move.
 *
 * A Stimulus controller on the select of the change's kind (OverrideActionSelect in
 * wagtail_integration/events/admin_widgets.py). It hides the panels marked
 * data-wi-move-field within the same inline child (unless one holds a field the form refused);
 * hidden inputs are still posted, so their values survive switching the kind back and forth.
 * Stimulus connects it to changes added with "Add" too, as it watches the page for new
 * controllers.
 */
(() => {
  const wagtail = window.wagtail;
  const Stimulus = window.StimulusModule;
  if (!wagtail || !wagtail.app || !Stimulus) {
    return; // not in the Wagtail admin: the fields simply stay visible
  }

  class OverrideActionController extends Stimulus.Controller {
    static values = { move: { type: String, default: 'move' } };

    connect() {
      this.toggle();
    }

    toggle() {
      const child = this.element.closest('[data-inline-panel-child]');
      if (!child) {
        return;
      }
      const moving = this.element.value === this.moveValue;
      child.querySelectorAll('[data-wi-move-field]').forEach((panel) => {
        // A field the form refused stays in sight, whatever the kind, so it can be corrected.
        const refused = panel.querySelector('[aria-invalid="true"], .w-field--error');
        panel.hidden = !moving && !refused;
      });
    }
  }

  wagtail.app.register('wi-override-action', OverrideActionController);
})();
