import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "public/build/", ".cache/", "node_modules/", "test-results/", "playwright-report/", ".data*/", "reports/", ".stryker-tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Autofocus on the sign-in field is what staff expect.
      "jsx-a11y/no-autofocus": "off",
      // Forms go through useStaffForm (app/components/form.tsx): checked on submit, never a POST per keystroke.
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@conform-to/react", importNames: ["useForm"], message: "Use useStaffForm from ~/components/form: it never posts the form per keystroke." }] },
      ],
    },
  },
  { files: ["app/components/form.tsx"], rules: { "no-restricted-imports": "off" } },
);
