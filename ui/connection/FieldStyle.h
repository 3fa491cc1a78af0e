#pragma once

class QLineEdit;
class QWidget;

namespace ui {

// Shows a field or its note in red (readable on light and dark backgrounds) while `invalid`,
// and sets its "invalid" property for style sheets; back to the inherited palette otherwise.
void markInvalid(QWidget *widget, bool invalid);

// Makes `edit` a field for a secret (an API key, a password): only ever masked (no "show"
// toggle; a password-mode QLineEdit neither copies, cuts nor drags its text) and kept out of
// input methods' prediction and learning.
void makeSecret(QLineEdit *edit);

} // namespace ui
