T.ctx = "cs";
askBothForms();
