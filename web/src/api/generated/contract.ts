/**
 * Generated from the zod schemas of the server (src/contract, the request schemas and the app schema).
 * Do not edit: run `npm run generate:web-types`.
 */
/* eslint-disable */

export interface LoginRequest {
  username: string;
  password: string;
}

export interface Session {
  user: {
    id: string;
    username: string;
    displayName: string;
    roles: string[];
    attributes: {
      [k: string]: unknown;
    };
  };
  csrfToken: string;
  /**
   * Only where the warehouse runs statements with the user's own token (identity mode user-token): null when this session has none.
   */
  warehouseSignIn?: {
    /**
     * When the session's token expires unless refreshed first (ISO 8601).
     */
    expiresAt: string;
  } | null;
}

export interface AppList {
  apps: {
    name: string;
    title: string;
    description: string | null;
  }[];
}

export interface AppDetail {
  name: string;
  title: string;
  description: string | null;
  pages: {
    id: string;
    title: string;
    /**
     * @minItems 1
     */
    blocks: (
      | {
          id: string;
          title?: string;
          type: "kpi";
          dataset: string;
          value: string;
          format?: "number" | "currency" | "percent";
          /**
           * ISO 4217 currency code (e.g. EUR); the value shows with its symbol (€).
           */
          currency?: string;
          /**
           * Suffix after the value, e.g. %, FTE, days.
           */
          unit?: string;
          /**
           * Digits after the decimal point (default: 2 for currency, else up to 2).
           */
          decimals?: number;
          /**
           * true: large values in compact notation (€1.2M); the exact value shows in a tooltip.
           */
          compact: boolean;
          compare?: string;
          compareLabel?: string;
        }
      | {
          id: string;
          title?: string;
          type: "chart";
          dataset: string;
          chart: "line" | "bar";
          x: string;
          /**
           * @minItems 1
           */
          series: {
            column: string;
            label?: string;
          }[];
          /**
           * A column of the dataset: rows where it is true (or 1) stand out, the others fade (e.g. the scenario among the market).
           */
          highlight?: string;
        }
      | {
          id: string;
          title?: string;
          type: "table";
          dataset: string;
          /**
           * Columns in order (default: all): a column name, or { column, label, format, currency, link }.
           */
          columns?: (
            | string
            | {
                /**
                 * Column of the dataset.
                 */
                column: string;
                /**
                 * Header (default: the column name in words, e.g. rows_changed → "Rows changed").
                 */
                label?: string;
                /**
                 * How values show (default: from the column type); percent: a ratio, 0.12 → 12%.
                 */
                format?: "number" | "currency" | "percent" | "date" | "datetime" | "text";
                /**
                 * format currency: ISO 4217 code (default: EUR).
                 */
                currency?: string;
                /**
                 * Renders the value as a link.
                 */
                link?: {
                  /**
                   * Column holding a changeset id; the value links to #/~changesets/<id>.
                   */
                  changeset: string;
                };
              }
          )[];
          /**
           * Clicking a row sets page variables from its values and brings the first grid of the page into view, filtered.
           */
          drill?: {
            /**
             * Page variable → column of the clicked row; the click sets these variables (filters).
             */
            params: {
              [k: string]: string;
            };
            /**
             * Line shown above the table (default: "Click a row to see its lines below.").
             */
            hint?: string;
          };
          /**
           * Rows can be ticked (shift-click ticks a range) and the action runs on them in one changeset, asking for its parameters.
           */
          select?: {
            /**
             * An action with a selection: it runs on the rows ticked here (the dataset's columns named like the selection table's key).
             */
            action: string;
            /**
             * Text on the button that runs it (default: the action title).
             */
            label?: string;
          };
        }
      | {
          id: string;
          title?: string;
          type: "grid";
          table: string;
          columns?: string[];
          /**
           * Rows fetched per request as the grid scrolls (it scrolls through every row).
           */
          pageSize: number;
        }
      | {
          id: string;
          title?: string;
          type: "filter";
          param: string;
          label?: string;
          dataset?: string;
          valueColumn?: string;
          labelColumn?: string;
          /**
           * Value the page opens with (default: none, i.e. all).
           */
          default?: string | number | boolean;
          /**
           * true: the filter always holds a value (no "All" choice); set default too.
           */
          required: boolean;
        }
      | {
          id: string;
          title?: string;
          type: "text";
          markdown: string;
        }
      | {
          id: string;
          title?: string;
          type: "matrix";
          /**
           * The writable table whose rows the matrix edits: one cell per row.
           */
          table: string;
          /**
           * Numeric column people type into (e.g. amount).
           */
          value: string;
          rows: {
            /**
             * Column of the table whose values are the members of this axis.
             */
            column: string;
            /**
             * Dataset listing the members in order, one row each (default: the values present in the table, sorted).
             */
            dataset?: string;
            /**
             * Column of the dataset holding the member's value (default: the same name as column).
             */
            key?: string;
            /**
             * Column of the dataset with the member's label (default: the value).
             */
            label?: string;
            /**
             * Column of the axis dataset grouping members under subtotals.
             */
            group?: string;
          };
          columns: {
            /**
             * Column of the table whose values are the members of this axis.
             */
            column: string;
            /**
             * Dataset listing the members in order, one row each (default: the values present in the table, sorted).
             */
            dataset?: string;
            /**
             * Column of the dataset holding the member's value (default: the same name as column).
             */
            key?: string;
            /**
             * Column of the dataset with the member's label (default: the value).
             */
            label?: string;
          };
        }
      | {
          id: string;
          title?: string;
          type: "form";
          /**
           * The writable table the form inserts into.
           */
          table: string;
          /**
           * insert: each submit adds one row.
           */
          mode: "insert";
          /**
           * @minItems 1
           */
          fields: {
            /**
             * Column of the table this field sets.
             */
            column: string;
            label?: string;
            /**
             * Input kind (default: from the column type); month: a month picker writing the first day of the month.
             */
            input?: "text" | "number" | "date" | "month" | "select";
            /**
             * select: dataset whose rows are the options.
             */
            dataset?: string;
            /**
             * select: option value column (default: the field column).
             */
            valueColumn?: string;
            /**
             * select: option label column (default: the value column).
             */
            labelColumn?: string;
          }[];
          /**
           * approve: submit the row for approval; write: write it directly (default: approve when the table has approvals).
           */
          submit?: "approve" | "write";
          submitLabel?: string;
        }
      | {
          id: string;
          title?: string;
          type: "inputs";
          /**
           * The writable table whose row the inputs edit.
           */
          table: string;
          /**
           * Key column → page variable holding its value: the row edited is the one the page shows (e.g. the chosen scenario).
           */
          row: {
            [k: string]: string;
          };
          /**
           * @minItems 1
           */
          fields: {
            /**
             * Column of the row this input sets.
             */
            column: string;
            /**
             * Label (default: the column name in words).
             */
            label?: string;
            /**
             * slider: a range between min and max; select: a dropdown (options, or a dataset of them).
             */
            input: "slider" | "number" | "select" | "text";
            min?: number;
            max?: number;
            /**
             * Step of a slider or number input (default: 1).
             */
            step?: number;
            /**
             * Shown after the value, e.g. €, km, kWh.
             */
            unit?: string;
            /**
             * select: the choices.
             *
             * @minItems 1
             */
            options?: (string | number)[];
            /**
             * select: dataset whose rows are the choices.
             */
            dataset?: string;
            /**
             * select with dataset: column of the value (default: the first).
             */
            valueColumn?: string;
            /**
             * select with dataset: column shown (default: the value).
             */
            labelColumn?: string;
          }[];
        }
      | {
          id: string;
          title?: string;
          type: "button";
          /**
           * Text on the button.
           */
          label: string;
          /**
           * The action of this app the button runs.
           */
          action: string;
          /**
           * Action parameters: a page variable name (its current value), or a literal.
           */
          params?: {
            [k: string]: string | number | boolean | null;
          };
          /**
           * Question asked before the action runs.
           */
          confirm?: string;
        }
    )[];
  }[];
  datasets: {
    [k: string]: {
      params: {
        [k: string]: {
          type: "string" | "number" | "date" | "boolean";
          default?: string | number | boolean | null;
          required: boolean;
        };
      };
      dependsOn: string[];
      /**
       * The dataset SQL; sent to admins only, and absent for writable tables.
       */
      sql?: string;
    };
  };
  tables: {
    [k: string]: {
      title?: string;
      key: string[];
      /**
       * False when the user may see the app but not the rows of this table.
       */
      readable: boolean;
      /**
       * No read policy limits the rows the user sees (what the table diff needs).
       */
      readsAllRows: boolean;
      columns: {
        name: string;
        type: string;
        nullable: boolean;
        /**
         * The warehouse fills it when an insert leaves it out (a generated key).
         */
        generated: boolean;
        editable: boolean;
        insertable: boolean;
      }[];
      canInsert: boolean;
      canUpdate: boolean;
      canDelete: boolean;
      /**
       * Submissions to the table go through an approval chain.
       */
      approvals: boolean;
      /**
       * The user may submit inserts for approval (approval-only write policies included).
       */
      canSubmitInsert: boolean;
      /**
       * Writable tables of the app whose rows lock rows of this one (closed periods).
       */
      lockedBy: string[];
      /**
       * Rows carry comment threads (whoever reads a row reads its thread).
       */
      comments: boolean;
      /**
       * The user may comment on some rows (the thread says for each row).
       */
      canComment: boolean;
    };
  };
  actions: {
    [k: string]: {
      label: string | null;
      /**
       * The user has one of the roles of the action.
       */
      allowed: boolean;
      params: {
        [k: string]: {
          type: "string" | "number" | "date" | "boolean";
          required: boolean;
          default?: string | number | boolean | null;
          label?: string;
          options?: {
            dataset: string;
            value: string;
            label?: string;
          };
        };
      };
      /**
       * Set when the action runs on selected rows.
       */
      selection: {
        table: string;
        /**
         * The selection table's key columns.
         */
        key: string[];
        max: number;
      } | null;
    };
  };
  /**
   * Only the exports the user may run.
   */
  exports: {
    [k: string]: {
      title: string;
      description: string | null;
      /**
       * Export parameters (e.g. entity, year), passed on to the fills.
       */
      params: {
        [k: string]: {
          type: "string" | "number" | "date" | "boolean";
          default?: string | number | boolean | null;
        };
      };
      /**
       * It can also build one file per value (e.g. per entity) as a zip.
       */
      pack: boolean;
      format: "xlsx" | "pptx";
    };
  };
}

export interface FirstView {
  user: {
    id: string;
    username: string;
    displayName: string;
    roles: string[];
    attributes: {
      [k: string]: unknown;
    };
  };
  /**
   * Null when the request authenticated with an API token.
   */
  csrfToken: string | null;
  /**
   * Only where the warehouse runs statements with the user's own token (identity mode user-token): null when this session has none.
   */
  warehouseSignIn?: {
    /**
     * When the session's token expires unless refreshed first (ISO 8601).
     */
    expiresAt: string;
  } | null;
  app: {
    name: string;
    title: string;
    description: string | null;
    pages: {
      id: string;
      title: string;
      /**
       * @minItems 1
       */
      blocks: (
        | {
            id: string;
            title?: string;
            type: "kpi";
            dataset: string;
            value: string;
            format?: "number" | "currency" | "percent";
            /**
             * ISO 4217 currency code (e.g. EUR); the value shows with its symbol (€).
             */
            currency?: string;
            /**
             * Suffix after the value, e.g. %, FTE, days.
             */
            unit?: string;
            /**
             * Digits after the decimal point (default: 2 for currency, else up to 2).
             */
            decimals?: number;
            /**
             * true: large values in compact notation (€1.2M); the exact value shows in a tooltip.
             */
            compact: boolean;
            compare?: string;
            compareLabel?: string;
          }
        | {
            id: string;
            title?: string;
            type: "chart";
            dataset: string;
            chart: "line" | "bar";
            x: string;
            /**
             * @minItems 1
             */
            series: {
              column: string;
              label?: string;
            }[];
            /**
             * A column of the dataset: rows where it is true (or 1) stand out, the others fade (e.g. the scenario among the market).
             */
            highlight?: string;
          }
        | {
            id: string;
            title?: string;
            type: "table";
            dataset: string;
            /**
             * Columns in order (default: all): a column name, or { column, label, format, currency, link }.
             */
            columns?: (
              | string
              | {
                  /**
                   * Column of the dataset.
                   */
                  column: string;
                  /**
                   * Header (default: the column name in words, e.g. rows_changed → "Rows changed").
                   */
                  label?: string;
                  /**
                   * How values show (default: from the column type); percent: a ratio, 0.12 → 12%.
                   */
                  format?: "number" | "currency" | "percent" | "date" | "datetime" | "text";
                  /**
                   * format currency: ISO 4217 code (default: EUR).
                   */
                  currency?: string;
                  /**
                   * Renders the value as a link.
                   */
                  link?: {
                    /**
                     * Column holding a changeset id; the value links to #/~changesets/<id>.
                     */
                    changeset: string;
                  };
                }
            )[];
            /**
             * Clicking a row sets page variables from its values and brings the first grid of the page into view, filtered.
             */
            drill?: {
              /**
               * Page variable → column of the clicked row; the click sets these variables (filters).
               */
              params: {
                [k: string]: string;
              };
              /**
               * Line shown above the table (default: "Click a row to see its lines below.").
               */
              hint?: string;
            };
            /**
             * Rows can be ticked (shift-click ticks a range) and the action runs on them in one changeset, asking for its parameters.
             */
            select?: {
              /**
               * An action with a selection: it runs on the rows ticked here (the dataset's columns named like the selection table's key).
               */
              action: string;
              /**
               * Text on the button that runs it (default: the action title).
               */
              label?: string;
            };
          }
        | {
            id: string;
            title?: string;
            type: "grid";
            table: string;
            columns?: string[];
            /**
             * Rows fetched per request as the grid scrolls (it scrolls through every row).
             */
            pageSize: number;
          }
        | {
            id: string;
            title?: string;
            type: "filter";
            param: string;
            label?: string;
            dataset?: string;
            valueColumn?: string;
            labelColumn?: string;
            /**
             * Value the page opens with (default: none, i.e. all).
             */
            default?: string | number | boolean;
            /**
             * true: the filter always holds a value (no "All" choice); set default too.
             */
            required: boolean;
          }
        | {
            id: string;
            title?: string;
            type: "text";
            markdown: string;
          }
        | {
            id: string;
            title?: string;
            type: "matrix";
            /**
             * The writable table whose rows the matrix edits: one cell per row.
             */
            table: string;
            /**
             * Numeric column people type into (e.g. amount).
             */
            value: string;
            rows: {
              /**
               * Column of the table whose values are the members of this axis.
               */
              column: string;
              /**
               * Dataset listing the members in order, one row each (default: the values present in the table, sorted).
               */
              dataset?: string;
              /**
               * Column of the dataset holding the member's value (default: the same name as column).
               */
              key?: string;
              /**
               * Column of the dataset with the member's label (default: the value).
               */
              label?: string;
              /**
               * Column of the axis dataset grouping members under subtotals.
               */
              group?: string;
            };
            columns: {
              /**
               * Column of the table whose values are the members of this axis.
               */
              column: string;
              /**
               * Dataset listing the members in order, one row each (default: the values present in the table, sorted).
               */
              dataset?: string;
              /**
               * Column of the dataset holding the member's value (default: the same name as column).
               */
              key?: string;
              /**
               * Column of the dataset with the member's label (default: the value).
               */
              label?: string;
            };
          }
        | {
            id: string;
            title?: string;
            type: "form";
            /**
             * The writable table the form inserts into.
             */
            table: string;
            /**
             * insert: each submit adds one row.
             */
            mode: "insert";
            /**
             * @minItems 1
             */
            fields: {
              /**
               * Column of the table this field sets.
               */
              column: string;
              label?: string;
              /**
               * Input kind (default: from the column type); month: a month picker writing the first day of the month.
               */
              input?: "text" | "number" | "date" | "month" | "select";
              /**
               * select: dataset whose rows are the options.
               */
              dataset?: string;
              /**
               * select: option value column (default: the field column).
               */
              valueColumn?: string;
              /**
               * select: option label column (default: the value column).
               */
              labelColumn?: string;
            }[];
            /**
             * approve: submit the row for approval; write: write it directly (default: approve when the table has approvals).
             */
            submit?: "approve" | "write";
            submitLabel?: string;
          }
        | {
            id: string;
            title?: string;
            type: "inputs";
            /**
             * The writable table whose row the inputs edit.
             */
            table: string;
            /**
             * Key column → page variable holding its value: the row edited is the one the page shows (e.g. the chosen scenario).
             */
            row: {
              [k: string]: string;
            };
            /**
             * @minItems 1
             */
            fields: {
              /**
               * Column of the row this input sets.
               */
              column: string;
              /**
               * Label (default: the column name in words).
               */
              label?: string;
              /**
               * slider: a range between min and max; select: a dropdown (options, or a dataset of them).
               */
              input: "slider" | "number" | "select" | "text";
              min?: number;
              max?: number;
              /**
               * Step of a slider or number input (default: 1).
               */
              step?: number;
              /**
               * Shown after the value, e.g. €, km, kWh.
               */
              unit?: string;
              /**
               * select: the choices.
               *
               * @minItems 1
               */
              options?: (string | number)[];
              /**
               * select: dataset whose rows are the choices.
               */
              dataset?: string;
              /**
               * select with dataset: column of the value (default: the first).
               */
              valueColumn?: string;
              /**
               * select with dataset: column shown (default: the value).
               */
              labelColumn?: string;
            }[];
          }
        | {
            id: string;
            title?: string;
            type: "button";
            /**
             * Text on the button.
             */
            label: string;
            /**
             * The action of this app the button runs.
             */
            action: string;
            /**
             * Action parameters: a page variable name (its current value), or a literal.
             */
            params?: {
              [k: string]: string | number | boolean | null;
            };
            /**
             * Question asked before the action runs.
             */
            confirm?: string;
          }
      )[];
    }[];
    datasets: {
      [k: string]: {
        params: {
          [k: string]: {
            type: "string" | "number" | "date" | "boolean";
            default?: string | number | boolean | null;
            required: boolean;
          };
        };
        dependsOn: string[];
        /**
         * The dataset SQL; sent to admins only, and absent for writable tables.
         */
        sql?: string;
      };
    };
    tables: {
      [k: string]: {
        title?: string;
        key: string[];
        /**
         * False when the user may see the app but not the rows of this table.
         */
        readable: boolean;
        /**
         * No read policy limits the rows the user sees (what the table diff needs).
         */
        readsAllRows: boolean;
        columns: {
          name: string;
          type: string;
          nullable: boolean;
          /**
           * The warehouse fills it when an insert leaves it out (a generated key).
           */
          generated: boolean;
          editable: boolean;
          insertable: boolean;
        }[];
        canInsert: boolean;
        canUpdate: boolean;
        canDelete: boolean;
        /**
         * Submissions to the table go through an approval chain.
         */
        approvals: boolean;
        /**
         * The user may submit inserts for approval (approval-only write policies included).
         */
        canSubmitInsert: boolean;
        /**
         * Writable tables of the app whose rows lock rows of this one (closed periods).
         */
        lockedBy: string[];
        /**
         * Rows carry comment threads (whoever reads a row reads its thread).
         */
        comments: boolean;
        /**
         * The user may comment on some rows (the thread says for each row).
         */
        canComment: boolean;
      };
    };
    actions: {
      [k: string]: {
        label: string | null;
        /**
         * The user has one of the roles of the action.
         */
        allowed: boolean;
        params: {
          [k: string]: {
            type: "string" | "number" | "date" | "boolean";
            required: boolean;
            default?: string | number | boolean | null;
            label?: string;
            options?: {
              dataset: string;
              value: string;
              label?: string;
            };
          };
        };
        /**
         * Set when the action runs on selected rows.
         */
        selection: {
          table: string;
          /**
           * The selection table's key columns.
           */
          key: string[];
          max: number;
        } | null;
      };
    };
    /**
     * Only the exports the user may run.
     */
    exports: {
      [k: string]: {
        title: string;
        description: string | null;
        /**
         * Export parameters (e.g. entity, year), passed on to the fills.
         */
        params: {
          [k: string]: {
            type: "string" | "number" | "date" | "boolean";
            default?: string | number | boolean | null;
          };
        };
        /**
         * It can also build one file per value (e.g. per entity) as a zip.
         */
        pack: boolean;
        format: "xlsx" | "pptx";
      };
    };
  };
  /**
   * The page opened: the one asked for, else the first.
   */
  page: string | null;
  /**
   * The page's KPI datasets, each with the request the page sends for it when it opens; a dataset that failed is left out.
   */
  datasets: {
    dataset: string;
    request: {
      limit: number;
      params?: {
        [k: string]: string | number | boolean | null;
      };
    };
    result: {
      columns: {
        name: string;
        type: string;
      }[];
      rows: {
        [k: string]: unknown;
      }[];
      /**
       * Rows matching the request (withTotal).
       */
      total?: number;
      /**
       * One per requested aggregate, in order, over every selected row.
       */
      aggregates?: {
        column: string;
        fn: "sum" | "avg" | "min" | "max" | "count";
        value: unknown;
      }[];
      /**
       * With withEditable: per row, the columns the user may update in it now.
       */
      editable?: string[][];
      /**
       * With withEditable, when a lock holds any row: per row, the lock's message or null.
       */
      locked?: (string | null)[];
    };
  }[];
  /**
   * Each KPI block of the page whose dataset answered, in page order.
   */
  kpis: {
    block: string;
    /**
     * The KPI's value: its column in the first row of its dataset.
     */
    value: {
      [k: string]: unknown;
    };
    /**
     * The value as the page shows it (format, currency, unit, decimals, compact).
     */
    text: string;
  }[];
}

export interface PageSpec {
  id: string;
  title: string;
  /**
   * @minItems 1
   */
  blocks: (
    | {
        id: string;
        title?: string;
        type: "kpi";
        dataset: string;
        value: string;
        format?: "number" | "currency" | "percent";
        /**
         * ISO 4217 currency code (e.g. EUR); the value shows with its symbol (€).
         */
        currency?: string;
        /**
         * Suffix after the value, e.g. %, FTE, days.
         */
        unit?: string;
        /**
         * Digits after the decimal point (default: 2 for currency, else up to 2).
         */
        decimals?: number;
        /**
         * true: large values in compact notation (€1.2M); the exact value shows in a tooltip.
         */
        compact: boolean;
        compare?: string;
        compareLabel?: string;
      }
    | {
        id: string;
        title?: string;
        type: "chart";
        dataset: string;
        chart: "line" | "bar";
        x: string;
        /**
         * @minItems 1
         */
        series: {
          column: string;
          label?: string;
        }[];
        /**
         * A column of the dataset: rows where it is true (or 1) stand out, the others fade (e.g. the scenario among the market).
         */
        highlight?: string;
      }
    | {
        id: string;
        title?: string;
        type: "table";
        dataset: string;
        /**
         * Columns in order (default: all): a column name, or { column, label, format, currency, link }.
         */
        columns?: (
          | string
          | {
              /**
               * Column of the dataset.
               */
              column: string;
              /**
               * Header (default: the column name in words, e.g. rows_changed → "Rows changed").
               */
              label?: string;
              /**
               * How values show (default: from the column type); percent: a ratio, 0.12 → 12%.
               */
              format?: "number" | "currency" | "percent" | "date" | "datetime" | "text";
              /**
               * format currency: ISO 4217 code (default: EUR).
               */
              currency?: string;
              /**
               * Renders the value as a link.
               */
              link?: {
                /**
                 * Column holding a changeset id; the value links to #/~changesets/<id>.
                 */
                changeset: string;
              };
            }
        )[];
        /**
         * Clicking a row sets page variables from its values and brings the first grid of the page into view, filtered.
         */
        drill?: {
          /**
           * Page variable → column of the clicked row; the click sets these variables (filters).
           */
          params: {
            [k: string]: string;
          };
          /**
           * Line shown above the table (default: "Click a row to see its lines below.").
           */
          hint?: string;
        };
        /**
         * Rows can be ticked (shift-click ticks a range) and the action runs on them in one changeset, asking for its parameters.
         */
        select?: {
          /**
           * An action with a selection: it runs on the rows ticked here (the dataset's columns named like the selection table's key).
           */
          action: string;
          /**
           * Text on the button that runs it (default: the action title).
           */
          label?: string;
        };
      }
    | {
        id: string;
        title?: string;
        type: "grid";
        table: string;
        columns?: string[];
        /**
         * Rows fetched per request as the grid scrolls (it scrolls through every row).
         */
        pageSize: number;
      }
    | {
        id: string;
        title?: string;
        type: "filter";
        param: string;
        label?: string;
        dataset?: string;
        valueColumn?: string;
        labelColumn?: string;
        /**
         * Value the page opens with (default: none, i.e. all).
         */
        default?: string | number | boolean;
        /**
         * true: the filter always holds a value (no "All" choice); set default too.
         */
        required: boolean;
      }
    | {
        id: string;
        title?: string;
        type: "text";
        markdown: string;
      }
    | {
        id: string;
        title?: string;
        type: "matrix";
        /**
         * The writable table whose rows the matrix edits: one cell per row.
         */
        table: string;
        /**
         * Numeric column people type into (e.g. amount).
         */
        value: string;
        rows: {
          /**
           * Column of the table whose values are the members of this axis.
           */
          column: string;
          /**
           * Dataset listing the members in order, one row each (default: the values present in the table, sorted).
           */
          dataset?: string;
          /**
           * Column of the dataset holding the member's value (default: the same name as column).
           */
          key?: string;
          /**
           * Column of the dataset with the member's label (default: the value).
           */
          label?: string;
          /**
           * Column of the axis dataset grouping members under subtotals.
           */
          group?: string;
        };
        columns: {
          /**
           * Column of the table whose values are the members of this axis.
           */
          column: string;
          /**
           * Dataset listing the members in order, one row each (default: the values present in the table, sorted).
           */
          dataset?: string;
          /**
           * Column of the dataset holding the member's value (default: the same name as column).
           */
          key?: string;
          /**
           * Column of the dataset with the member's label (default: the value).
           */
          label?: string;
        };
      }
    | {
        id: string;
        title?: string;
        type: "form";
        /**
         * The writable table the form inserts into.
         */
        table: string;
        /**
         * insert: each submit adds one row.
         */
        mode: "insert";
        /**
         * @minItems 1
         */
        fields: {
          /**
           * Column of the table this field sets.
           */
          column: string;
          label?: string;
          /**
           * Input kind (default: from the column type); month: a month picker writing the first day of the month.
           */
          input?: "text" | "number" | "date" | "month" | "select";
          /**
           * select: dataset whose rows are the options.
           */
          dataset?: string;
          /**
           * select: option value column (default: the field column).
           */
          valueColumn?: string;
          /**
           * select: option label column (default: the value column).
           */
          labelColumn?: string;
        }[];
        /**
         * approve: submit the row for approval; write: write it directly (default: approve when the table has approvals).
         */
        submit?: "approve" | "write";
        submitLabel?: string;
      }
    | {
        id: string;
        title?: string;
        type: "inputs";
        /**
         * The writable table whose row the inputs edit.
         */
        table: string;
        /**
         * Key column → page variable holding its value: the row edited is the one the page shows (e.g. the chosen scenario).
         */
        row: {
          [k: string]: string;
        };
        /**
         * @minItems 1
         */
        fields: {
          /**
           * Column of the row this input sets.
           */
          column: string;
          /**
           * Label (default: the column name in words).
           */
          label?: string;
          /**
           * slider: a range between min and max; select: a dropdown (options, or a dataset of them).
           */
          input: "slider" | "number" | "select" | "text";
          min?: number;
          max?: number;
          /**
           * Step of a slider or number input (default: 1).
           */
          step?: number;
          /**
           * Shown after the value, e.g. €, km, kWh.
           */
          unit?: string;
          /**
           * select: the choices.
           *
           * @minItems 1
           */
          options?: (string | number)[];
          /**
           * select: dataset whose rows are the choices.
           */
          dataset?: string;
          /**
           * select with dataset: column of the value (default: the first).
           */
          valueColumn?: string;
          /**
           * select with dataset: column shown (default: the value).
           */
          labelColumn?: string;
        }[];
      }
    | {
        id: string;
        title?: string;
        type: "button";
        /**
         * Text on the button.
         */
        label: string;
        /**
         * The action of this app the button runs.
         */
        action: string;
        /**
         * Action parameters: a page variable name (its current value), or a literal.
         */
        params?: {
          [k: string]: string | number | boolean | null;
        };
        /**
         * Question asked before the action runs.
         */
        confirm?: string;
      }
  )[];
}

export type BlockSpec =
  | {
      id: string;
      title?: string;
      type: "kpi";
      dataset: string;
      value: string;
      format?: "number" | "currency" | "percent";
      /**
       * ISO 4217 currency code (e.g. EUR); the value shows with its symbol (€).
       */
      currency?: string;
      /**
       * Suffix after the value, e.g. %, FTE, days.
       */
      unit?: string;
      /**
       * Digits after the decimal point (default: 2 for currency, else up to 2).
       */
      decimals?: number;
      /**
       * true: large values in compact notation (€1.2M); the exact value shows in a tooltip.
       */
      compact: boolean;
      compare?: string;
      compareLabel?: string;
    }
  | {
      id: string;
      title?: string;
      type: "chart";
      dataset: string;
      chart: "line" | "bar";
      x: string;
      /**
       * @minItems 1
       */
      series: {
        column: string;
        label?: string;
      }[];
      /**
       * A column of the dataset: rows where it is true (or 1) stand out, the others fade (e.g. the scenario among the market).
       */
      highlight?: string;
    }
  | {
      id: string;
      title?: string;
      type: "table";
      dataset: string;
      /**
       * Columns in order (default: all): a column name, or { column, label, format, currency, link }.
       */
      columns?: (
        | string
        | {
            /**
             * Column of the dataset.
             */
            column: string;
            /**
             * Header (default: the column name in words, e.g. rows_changed → "Rows changed").
             */
            label?: string;
            /**
             * How values show (default: from the column type); percent: a ratio, 0.12 → 12%.
             */
            format?: "number" | "currency" | "percent" | "date" | "datetime" | "text";
            /**
             * format currency: ISO 4217 code (default: EUR).
             */
            currency?: string;
            /**
             * Renders the value as a link.
             */
            link?: {
              /**
               * Column holding a changeset id; the value links to #/~changesets/<id>.
               */
              changeset: string;
            };
          }
      )[];
      /**
       * Clicking a row sets page variables from its values and brings the first grid of the page into view, filtered.
       */
      drill?: {
        /**
         * Page variable → column of the clicked row; the click sets these variables (filters).
         */
        params: {
          [k: string]: string;
        };
        /**
         * Line shown above the table (default: "Click a row to see its lines below.").
         */
        hint?: string;
      };
      /**
       * Rows can be ticked (shift-click ticks a range) and the action runs on them in one changeset, asking for its parameters.
       */
      select?: {
        /**
         * An action with a selection: it runs on the rows ticked here (the dataset's columns named like the selection table's key).
         */
        action: string;
        /**
         * Text on the button that runs it (default: the action title).
         */
        label?: string;
      };
    }
  | {
      id: string;
      title?: string;
      type: "grid";
      table: string;
      columns?: string[];
      /**
       * Rows fetched per request as the grid scrolls (it scrolls through every row).
       */
      pageSize: number;
    }
  | {
      id: string;
      title?: string;
      type: "filter";
      param: string;
      label?: string;
      dataset?: string;
      valueColumn?: string;
      labelColumn?: string;
      /**
       * Value the page opens with (default: none, i.e. all).
       */
      default?: string | number | boolean;
      /**
       * true: the filter always holds a value (no "All" choice); set default too.
       */
      required: boolean;
    }
  | {
      id: string;
      title?: string;
      type: "text";
      markdown: string;
    }
  | {
      id: string;
      title?: string;
      type: "matrix";
      /**
       * The writable table whose rows the matrix edits: one cell per row.
       */
      table: string;
      /**
       * Numeric column people type into (e.g. amount).
       */
      value: string;
      rows: {
        /**
         * Column of the table whose values are the members of this axis.
         */
        column: string;
        /**
         * Dataset listing the members in order, one row each (default: the values present in the table, sorted).
         */
        dataset?: string;
        /**
         * Column of the dataset holding the member's value (default: the same name as column).
         */
        key?: string;
        /**
         * Column of the dataset with the member's label (default: the value).
         */
        label?: string;
        /**
         * Column of the axis dataset grouping members under subtotals.
         */
        group?: string;
      };
      columns: {
        /**
         * Column of the table whose values are the members of this axis.
         */
        column: string;
        /**
         * Dataset listing the members in order, one row each (default: the values present in the table, sorted).
         */
        dataset?: string;
        /**
         * Column of the dataset holding the member's value (default: the same name as column).
         */
        key?: string;
        /**
         * Column of the dataset with the member's label (default: the value).
         */
        label?: string;
      };
    }
  | {
      id: string;
      title?: string;
      type: "form";
      /**
       * The writable table the form inserts into.
       */
      table: string;
      /**
       * insert: each submit adds one row.
       */
      mode: "insert";
      /**
       * @minItems 1
       */
      fields: {
        /**
         * Column of the table this field sets.
         */
        column: string;
        label?: string;
        /**
         * Input kind (default: from the column type); month: a month picker writing the first day of the month.
         */
        input?: "text" | "number" | "date" | "month" | "select";
        /**
         * select: dataset whose rows are the options.
         */
        dataset?: string;
        /**
         * select: option value column (default: the field column).
         */
        valueColumn?: string;
        /**
         * select: option label column (default: the value column).
         */
        labelColumn?: string;
      }[];
      /**
       * approve: submit the row for approval; write: write it directly (default: approve when the table has approvals).
       */
      submit?: "approve" | "write";
      submitLabel?: string;
    }
  | {
      id: string;
      title?: string;
      type: "inputs";
      /**
       * The writable table whose row the inputs edit.
       */
      table: string;
      /**
       * Key column → page variable holding its value: the row edited is the one the page shows (e.g. the chosen scenario).
       */
      row: {
        [k: string]: string;
      };
      /**
       * @minItems 1
       */
      fields: {
        /**
         * Column of the row this input sets.
         */
        column: string;
        /**
         * Label (default: the column name in words).
         */
        label?: string;
        /**
         * slider: a range between min and max; select: a dropdown (options, or a dataset of them).
         */
        input: "slider" | "number" | "select" | "text";
        min?: number;
        max?: number;
        /**
         * Step of a slider or number input (default: 1).
         */
        step?: number;
        /**
         * Shown after the value, e.g. €, km, kWh.
         */
        unit?: string;
        /**
         * select: the choices.
         *
         * @minItems 1
         */
        options?: (string | number)[];
        /**
         * select: dataset whose rows are the choices.
         */
        dataset?: string;
        /**
         * select with dataset: column of the value (default: the first).
         */
        valueColumn?: string;
        /**
         * select with dataset: column shown (default: the value).
         */
        labelColumn?: string;
      }[];
    }
  | {
      id: string;
      title?: string;
      type: "button";
      /**
       * Text on the button.
       */
      label: string;
      /**
       * The action of this app the button runs.
       */
      action: string;
      /**
       * Action parameters: a page variable name (its current value), or a literal.
       */
      params?: {
        [k: string]: string | number | boolean | null;
      };
      /**
       * Question asked before the action runs.
       */
      confirm?: string;
    };

export interface QueryRequest {
  params?: {
    [k: string]: string | number | boolean | null;
  };
  /**
   * @maxItems 50
   */
  filters?: {
    column: string;
    op: "eq" | "ne" | "lt" | "lte" | "gt" | "gte" | "in" | "contains" | "isNull" | "notNull";
    value?: (string | number | boolean | null) | (string | number | boolean | null)[];
  }[];
  /**
   * @maxItems 10
   */
  sort?: {
    column: string;
    direction?: "asc" | "desc";
  }[];
  limit?: number;
  offset?: number;
  withTotal?: boolean;
  /**
   * Rows where any of the columns contains the text, case-insensitively (each column read as text); combined with the filters by AND.
   */
  search?: {
    text: string;
    /**
     * Columns searched (default: every column of the dataset).
     *
     * @minItems 1
     * @maxItems 100
     */
    columns?: string[];
  };
  /**
   * Aggregates over every row the filters and search select (not only the page), computed by the warehouse.
   *
   * @maxItems 50
   */
  aggregates?: {
    column: string;
    /**
     * sum and avg take numeric columns; count counts non-null values.
     */
    fn: "sum" | "avg" | "min" | "max" | "count";
  }[];
  /**
   * Writable tables only: also return `editable`, per row the columns the user may update in it (write policies evaluated on the row).
   */
  withEditable?: boolean;
  /**
   * Writable tables only: read the table as it was at this time (rebuilt from the audit).
   */
  asOf?: string;
}

export interface QueryResult {
  columns: {
    name: string;
    type: string;
  }[];
  rows: {
    [k: string]: unknown;
  }[];
  /**
   * Rows matching the request (withTotal).
   */
  total?: number;
  /**
   * One per requested aggregate, in order, over every selected row.
   */
  aggregates?: {
    column: string;
    fn: "sum" | "avg" | "min" | "max" | "count";
    value: unknown;
  }[];
  /**
   * With withEditable: per row, the columns the user may update in it now.
   */
  editable?: string[][];
  /**
   * With withEditable, when a lock holds any row: per row, the lock's message or null.
   */
  locked?: (string | null)[];
}

export interface ChangesetRequest {
  /**
   * @minItems 1
   * @maxItems 50000
   */
  changes: (
    | {
        op: "update";
        key: {
          [k: string]: string | number | boolean | null;
        };
        set: {
          [k: string]: string | number | boolean | null;
        };
        expect?: {
          [k: string]: string | number | boolean | null;
        };
      }
    | {
        op: "insert";
        values: {
          [k: string]: string | number | boolean | null;
        };
      }
    | {
        op: "delete";
        key: {
          [k: string]: string | number | boolean | null;
        };
        expect?: {
          [k: string]: string | number | boolean | null;
        };
      }
  )[];
  reason?: string;
  idempotencyKey?: string;
}

export interface ChangesetResult {
  /**
   * Null when the changeset had no changes.
   */
  changesetId: string | null;
  applied: number;
  /**
   * The idempotency key was seen before: the first result is returned, nothing is written again.
   */
  replayed: boolean;
  /**
   * When the changeset inserts rows: keys of the rows written, in change order, including keys the warehouse generated. Absent on a replay.
   */
  keys?: {
    [k: string]: unknown;
  }[];
}

export interface WriteConflict {
  changeIndex: number;
  key: {
    [k: string]: unknown;
  };
  column: string;
  expected: unknown;
  actual: unknown;
  changedBy?: string;
  changedAt?: string;
}

export interface ValidationIssue {
  changeIndex: number;
  key?: {
    [k: string]: unknown;
  };
  column?: string;
  rule: string;
  message: string;
}

export interface HistoryResponse {
  changes: {
    changesetId: string;
    at: string;
    user: string;
    op: string;
    column: string | null;
    old: string | null;
    new: string | null;
    reason: string | null;
    /**
     * The changeset this entry reverts; null when it is not a revert.
     */
    reverts: string | null;
    /**
     * Rows the whole changeset inserted, updated or deleted, this one included.
     */
    changesetRows: number;
  }[];
}

export interface RevertRequest {
  /**
   * Revert only this row…
   */
  key?: {
    [k: string]: string | number;
  };
  /**
   * …or only this cell (with key).
   */
  column?: string;
  reason?: string;
  idempotencyKey?: string;
}

export interface RevertResult {
  /**
   * The new changeset that undid the old one.
   */
  changesetId: string | null;
  applied: number;
  replayed: boolean;
  /**
   * The changeset that was reverted.
   */
  reverts: string;
}

export interface TableDiff {
  from: string;
  to: string | null;
  rows: {
    key: {
      [k: string]: unknown;
    };
    op: "insert" | "update" | "delete";
    /**
     * Values as the audit stores them: text, null for no value.
     */
    cells: {
      column: string;
      from: string | null;
      to: string | null;
    }[];
    /**
     * Who changed the row between the two times, in order.
     */
    changedBy: string[];
  }[];
}

export interface ChangesetDetail {
  changesetId: string;
  app: string;
  appTitle: string;
  table: string;
  tableTitle: string;
  committedAt: string;
  user: string;
  reason: string | null;
  /**
   * The changeset this one reverts; null when it is not a revert.
   */
  reverts: string | null;
  /**
   * Changesets that reverted this one (or part of it), oldest first.
   */
  revertedBy: string[];
  counts: {
    inserted: number;
    updated: number;
    deleted: number;
  };
  /**
   * The rows you may read, in write order.
   */
  rows: {
    key: {
      [k: string]: unknown;
    };
    op: "insert" | "update" | "delete";
    /**
     * Values as the audit stores them.
     */
    cells: {
      column: string;
      from: string | null;
      to: string | null;
    }[];
  }[];
  /**
   * Rows of the changeset you may not read (not listed).
   */
  hiddenRows: number;
  /**
   * You may revert the whole changeset directly (every row readable, write rights, no required approval).
   */
  canRevert: boolean;
}

export interface ActionRunRequest {
  /**
   * Values of the action's declared parameters.
   */
  params?: {
    [k: string]: string | number | boolean | null;
  };
  /**
   * Keys of the selected rows, for an action with a selection: each names every key column of the selection's table.
   *
   * @maxItems 10000
   */
  selection?: {
    [k: string]: string | number | boolean;
  }[];
  /**
   * Instead of selection: every row the dataset shows with these parameters (at most the action's max), read as the user.
   */
  matching?: {
    dataset: string;
    params?: {
      [k: string]: string | number | boolean | null;
    };
  };
}

export interface ActionRunResult {
  ok: true;
  steps: {
    index: number;
    path: string;
    step: string;
    status: string;
  }[];
  /**
   * Changeset of the write step, if any.
   */
  changesetId: string | null;
  /**
   * Approval request of a write step with submit, if any.
   */
  requestId: string | null;
  /**
   * Page variables to set.
   */
  set: {
    [k: string]: string | number | boolean | null;
  };
  /**
   * Datasets to reload.
   */
  refresh: string[];
  /**
   * Page to open, if any.
   */
  navigate: string | null;
}

export interface RequestList {
  requests: {
    requestId: string;
    app: string;
    table: string;
    submittedBy: string;
    submittedAt: string;
    status: "pending" | "approved" | "rejected" | "withdrawn" | "conflict" | "expired" | "applied";
    amount: number;
    /**
     * Level names in order.
     */
    route: string[];
    /**
     * The level waiting for approval; null once the request is closed.
     */
    currentLevel: string | null;
    changeCount: number;
    reason: string | null;
    resubmits: string | null;
    changesetId: string | null;
    updatedAt: string;
    /**
     * The app's title (its name humanised when it has none).
     */
    appTitle: string;
    /**
     * The table's title (its name humanised when it has none).
     */
    tableTitle: string;
    /**
     * The submitter's display name (the username when they have none).
     */
    submitterName: string;
    /**
     * The level waiting for approval and the roles that may act on it; null once the request is closed.
     */
    waiting: {
      level: string;
      title: string;
      roles: string[];
      mode: "any" | "all";
    } | null;
    /**
     * The request's first change; null when its table is no longer defined.
     */
    preview: {
      op: "insert" | "update" | "delete";
      /**
       * False: the viewer may not read the row now; then `row` and `changed` are empty.
       */
      visible: boolean;
      /**
       * Columns describing the row, as it is now.
       */
      row: {
        column: string;
        title: string;
        value: string | number | boolean | null;
      }[];
      changed: {
        column: string;
        title: string;
        old: string | number | boolean | null;
        new: string | number | boolean | null;
      }[];
      /**
       * Changes of the request after the first.
       */
      more: number;
    } | null;
  }[];
}

export interface RequestDetail {
  requestId: string;
  app: string;
  table: string;
  submittedBy: string;
  submittedAt: string;
  status: "pending" | "approved" | "rejected" | "withdrawn" | "conflict" | "expired" | "applied";
  amount: number;
  /**
   * Level names in order.
   */
  route: string[];
  /**
   * The level waiting for approval; null once the request is closed.
   */
  currentLevel: string | null;
  changeCount: number;
  reason: string | null;
  resubmits: string | null;
  changesetId: string | null;
  updatedAt: string;
  /**
   * The app's title (its name humanised when it has none).
   */
  appTitle: string;
  /**
   * The table's title (its name humanised when it has none).
   */
  tableTitle: string;
  /**
   * The submitter's display name (the username when they have none).
   */
  submitterName: string;
  levels: {
    name: string;
    roles: string[];
    mode: "any" | "all";
    state: "approved" | "waiting" | "pending" | "skipped";
  }[];
  steps: {
    seq: number;
    action: "submit" | "approve" | "reject" | "withdraw" | "delegate" | "escalate" | "expire" | "apply" | "conflict";
    level: string | null;
    actor: string;
    onBehalfOf: string | null;
    actedAt: string;
    comment: string | null;
  }[];
  changes: {
    op: "insert" | "update" | "delete";
    key: {
      [k: string]: string | number | boolean | null;
    };
    /**
     * False: the row at this key now is not one the viewer may read (values now are withheld).
     */
    visible: boolean;
    /**
     * Null when not visible.
     */
    rowExists: boolean | null;
    cells: {
      column: string;
      old: string | number | boolean | null;
      new: string | number | boolean | null;
      /**
       * Null when the row does not exist, or when the change is not visible.
       */
      current: string | number | boolean | null;
      /**
       * Null when the change is not visible.
       */
      changedSince: boolean | null;
    }[];
  }[];
  totals: {
    column: string;
    before: number;
    after: number;
    delta: number;
    current: number | null;
  } | null;
  actions: {
    approve: boolean;
    reject: boolean;
    withdraw: boolean;
  };
}

export interface BulkApproveResponse {
  results: (
    | {
        requestId: string;
        ok: true;
        request: {
          requestId: string;
          app: string;
          table: string;
          submittedBy: string;
          submittedAt: string;
          status: "pending" | "approved" | "rejected" | "withdrawn" | "conflict" | "expired" | "applied";
          amount: number;
          /**
           * Level names in order.
           */
          route: string[];
          /**
           * The level waiting for approval; null once the request is closed.
           */
          currentLevel: string | null;
          changeCount: number;
          reason: string | null;
          resubmits: string | null;
          changesetId: string | null;
          updatedAt: string;
        };
      }
    | {
        requestId: string;
        ok: false;
        error: {
          code: string;
          message: string;
          details: unknown;
        };
      }
  )[];
}

export interface ChangeEvent {
  app: string;
  table: string;
  keys: {
    [k: string]: unknown;
  }[];
  changesetId: string;
  /**
   * Username of the author.
   */
  user: string;
}

export interface CommentEvent {
  app: string;
  table: string;
  key: {
    [k: string]: unknown;
  };
  commentId: string;
  action: "added" | "deleted";
  user: string;
}

export interface NoticeEvent {
  noticeId: string;
  app: string;
  appTitle: string;
  /**
   * Title of the action whose notify step sent it.
   */
  action: string;
  message: string;
  /**
   * Display name of who ran the action.
   */
  by: string;
  at: string;
}

export interface ApprovalEvent {
  requestId: string;
  app: string;
  table: string;
  action: "submitted" | "approved" | "rejected" | "withdrawn" | "applied" | "escalated" | "expired" | "conflict";
  status: "pending" | "approved" | "rejected" | "withdrawn" | "conflict" | "expired" | "applied";
  /**
   * Username of who acted ((system) for escalation and expiry).
   */
  user: string;
}

export interface PresenceList {
  app: string;
  others: {
    userId: string;
    displayName: string;
    page: string;
    /**
     * The row whose editor they have open: only when the recipient may read that row.
     */
    editing?: {
      block: string;
      table: string;
      key: {
        [k: string]: unknown;
      };
    };
  }[];
}

export interface CommentThread {
  key: {
    [k: string]: unknown;
  };
  canComment: boolean;
  comments: {
    id: string;
    key: {
      [k: string]: unknown;
    };
    /**
     * The author's user id.
     */
    user: string;
    displayName: string;
    createdAt: string;
    text: string;
    mentions: string[];
    /**
     * Written by the signed-in user (who may delete it).
     */
    own: boolean;
  }[];
}

export interface CommentCounts {
  counts: {
    key: {
      [k: string]: unknown;
    };
    count: number;
  }[];
}

export interface CommentPostResult {
  comment: {
    id: string;
    key: {
      [k: string]: unknown;
    };
    /**
     * The author's user id.
     */
    user: string;
    displayName: string;
    createdAt: string;
    text: string;
    mentions: string[];
    /**
     * Written by the signed-in user (who may delete it).
     */
    own: boolean;
  };
}

export interface CommentDeleteResult {
  deleted: string;
}

export interface PeopleResponse {
  people: {
    username: string;
    displayName: string;
  }[];
  self: string;
}

export interface ExportJob {
  jobId: string;
  status: "running" | "done" | "failed";
  done: number;
  total: number;
  startedAt: string;
  fileName: string | null;
  error: {
    code: string;
    message: string;
  } | null;
}

export interface ImportPreview {
  importId: string;
  fileName: string;
  sheet: string;
  columns: {
    matched: {
      [k: string]: string;
    };
    ignored: string[];
    comparedWithExport: boolean;
  };
  summary: {
    rows: number;
    inserts: number;
    updates: number;
    cellsChanged: number;
    unchanged: number;
    problems: number;
  };
  inserts: {
    sheetRow: number;
    values: {
      [k: string]: unknown;
    };
  }[];
  updates: {
    sheetRow: number;
    key: {
      [k: string]: unknown;
    };
    cells: {
      column: string;
      old: unknown;
      new: unknown;
    }[];
  }[];
  problems: {
    sheetRow: number | null;
    column?: string;
    rule: string;
    message: string;
  }[];
  /**
   * Applying submits the changes for approval instead of writing them.
   */
  needsApproval: boolean;
}

export interface ImportOutcome {
  changesetId: string | null;
  applied: number;
  requestId: string | null;
  /**
   * The approval request status, when applying submitted it.
   */
  status?: string;
}

export type _Schema0 =
  | {
      type: "validate";
      /**
       * CEL over params.* and user.*; the action stops unless it is true.
       */
      check: string;
      message: string;
    }
  | {
      type: "write";
      /**
       * A writable table of this app; the write goes through the write pipeline with its policies, rules and gates.
       */
      table: string;
      op: "insert" | "update";
      /**
       * Column values to insert or set.
       */
      values: {
        /**
         * A literal; ":name" for the value of the action parameter name; ":user.username" (or another user attribute) for the person running it; in a set step, ":written.column" for a key column of the row the write step wrote (e.g. a new row's generated id).
         */
        [k: string]: string | number | boolean | null;
      };
      /**
       * The row to update (every key column).
       */
      key?: {
        /**
         * A literal; ":name" for the value of the action parameter name; ":user.username" (or another user attribute) for the person running it; in a set step, ":written.column" for a key column of the row the write step wrote (e.g. a new row's generated id).
         */
        [k: string]: string | number | boolean | null;
      };
      /**
       * selection: update every selected row (the action's selection), all in one changeset; no key then.
       */
      forEach?: "selection";
      /**
       * insert: start from a copy of this row (read as the user): every column of the written table the row has, except key columns the warehouse fills; then values apply.
       */
      copyFrom?: {
        /**
         * Writable table of this app holding the row (default: the table written).
         */
        table?: string;
        /**
         * Every key column of the row to copy.
         */
        key: {
          /**
           * A literal; ":name" for the value of the action parameter name; ":user.username" (or another user attribute) for the person running it; in a set step, ":written.column" for a key column of the row the write step wrote (e.g. a new row's generated id).
           */
          [k: string]: string | number | boolean | null;
        };
      };
      /**
       * true: submit the change for approval through the table's approval chain instead of writing it; the approval applies it.
       */
      submit?: boolean;
    }
  | {
      type: "sql";
      /**
       * A declared statement (e.g. CALL recalc_plan(:entity)); :name binds an action parameter. Runs in the write step's transaction.
       */
      sql: string;
    }
  | {
      type: "webhook";
      /**
       * Receives a POST of JSON after the action committed.
       */
      url: string;
      /**
       * Environment variable holding the secret; the body is signed as X-Roundtrip-Signature: sha256=<hex HMAC>.
       */
      secretEnv?: string;
    }
  | {
      type: "notify";
      /**
       * Who is told: users holding one of these roles who may open the app.
       *
       * @minItems 1
       */
      roles: string[];
      /**
       * What they read: at once in the app (on any page), and by e-mail at their email attribute when the project has an smtp server. :name is a parameter's value, :user who ran the action.
       */
      message: string;
    }
  | {
      type: "set";
      /**
       * Page variable the UI sets.
       */
      variable: string;
      /**
       * A literal; ":name" for the value of the action parameter name; ":user.username" (or another user attribute) for the person running it; in a set step, ":written.column" for a key column of the row the write step wrote (e.g. a new row's generated id).
       */
      value: string | number | boolean | null;
    }
  | {
      type: "refresh";
      /**
       * Datasets (or writable tables) the UI reloads.
       *
       * @minItems 1
       */
      datasets: string[];
    }
  | {
      type: "navigate";
      /**
       * Page id the UI opens.
       */
      page: string;
    }
  | {
      type: "if";
      /**
       * CEL over params.* and user.*.
       */
      when: string;
      /**
       * @minItems 1
       */
      then: _Schema0[];
      else?: _Schema0[];
    };

export interface AppDefinition {
  /**
   * Path of the app file inside the project.
   */
  file: string;
  yaml: string;
  /**
   * sha256 of yaml; a save sends it back so that a concurrent edit is refused.
   */
  hash: string;
  config: {
    title: string;
    description?: string;
    /**
     * Roles that may open the app.
     *
     * @minItems 1
     */
    roles: string[];
    datasets?: {
      [k: string]: {
        description?: string;
        /**
         * SELECT statement; :name marks a bound parameter. Give sql or file.
         */
        sql?: string;
        /**
         * The SELECT statement kept in a .sql file, path relative to the app file's folder (e.g. sql/totals.sql); x.<engine>.sql beside it is that engine's spelling. Give sql or file.
         */
        file?: string;
        params?: {
          [k: string]: {
            type: "string" | "number" | "date" | "boolean";
            default?: string | number | boolean | null;
            required?: boolean;
          };
        };
        /**
         * Writable tables whose changes refresh this dataset (default: those named in the SQL).
         */
        dependsOn?: string[];
      };
    };
    tables?: {
      [k: string]: {
        /**
         * Warehouse table (default: the key of this entry).
         */
        table?: string;
        title?: string;
        /**
         * Columns that identify a row.
         *
         * @minItems 1
         */
        key: string[];
        /**
         * Columns exposed to the app (default: all).
         */
        columns?: string[];
        /**
         * Who may read which rows (default: every app user, all rows).
         */
        read?: {
          /**
           * @minItems 1
           */
          roles: string[];
          /**
           * Rows these roles may read (omit for all rows).
           */
          rows?: string;
        }[];
        /**
         * Who may change what; no entry means read-only.
         */
        write?: {
          /**
           * @minItems 1
           */
          roles: string[];
          /**
           * @minItems 1
           */
          operations: ("insert" | "update" | "delete")[];
          /**
           * Columns these roles may set (inserts and updates).
           */
          columns?: string[];
          /**
           * Row policy over row.* and user.*; must hold before and after the change.
           */
          rows?: string;
          /**
           * These roles may make these changes only by submitting them for approval (the table needs approvals); a direct write is refused.
           */
          approvalOnly?: boolean;
        }[];
        rules?: {
          name?: string;
          /**
           * The column the rule checks and reports on.
           */
          column?: string;
          required?: boolean;
          min?: number;
          max?: number;
          minLength?: number;
          maxLength?: number;
          pattern?: string;
          /**
           * @minItems 1
           */
          allowed?: (string | number | boolean)[];
          lookup?: {
            table: string;
            column: string;
          };
          /**
           * Cross-field rule over row.*, old.* and user.*; true means valid.
           */
          check?: string;
          /**
           * Message shown when the rule fails.
           */
          message?: string;
        }[];
        /**
         * Approval chain for changes submitted to this table.
         */
        approvals?: {
          /**
           * Numeric column whose sum over the rows a submission inserts or updates (as written) is its amount.
           */
          amount?: string;
          /**
           * When true, users without an exempt role may only submit changes for approval; direct writes get 403 WF_APPROVAL_REQUIRED.
           */
          required?: boolean;
          /**
           * Roles that may write directly even when approval is required.
           */
          exemptRoles?: string[];
          /**
           * Approval levels in order; each applies when its `when` holds.
           *
           * @minItems 1
           */
          levels: {
            /**
             * Level name shown in the route, the inbox and approval_steps.
             */
            name: string;
            /**
             * Roles whose users approve this level.
             *
             * @minItems 1
             */
            roles: string[];
            /**
             * CEL over amount, user and changes; the level applies when true (omit: always).
             */
            when?: string;
            /**
             * any: one user with a role approves; all: every user with a role (except the submitter) must.
             */
            mode?: "any" | "all";
          }[];
          /**
           * A request waiting this long at one level escalates (escalateTo) or expires.
           */
          expiresAfterHours?: number;
          /**
           * Roles that take over a request that waited expiresAfterHours; without it the request expires.
           *
           * @minItems 1
           */
          escalateTo?: string[];
          /**
           * Who else may open this table's approval requests. Always: the submitter, admins, and, while a request is pending, the users (and their delegates) holding a role of a level still to approve.
           */
          visibleTo?: {
            /**
             * true: whoever approved or rejected a request keeps seeing it afterwards (default: only while a level of theirs waits).
             */
            reviewers?: boolean;
            /**
             * Roles whose users see every request of this table, in any state.
             */
            roles?: string[];
          };
        };
        /**
         * Table-wide checks: any row returned refuses the whole changeset.
         */
        gates?: {
          /**
           * Gate name reported with each violation.
           */
          name: string;
          /**
           * SELECT returning one row per violation, run after the changes inside the write transaction; :user_id is the only parameter. Give sql or file.
           */
          sql?: string;
          /**
           * The gate's SELECT kept in a .sql file, path relative to the app file's folder; x.<engine>.sql beside it is that engine's spelling. Give sql or file.
           */
          file?: string;
          /**
           * Message shown for each violating row.
           */
          message: string;
        }[];
        /**
         * Rows no write may change while a lock row matches them (closed periods): enforced inside the write statement, before and after.
         */
        locks?: {
          /**
           * Warehouse table listing what is locked, one row per lock (e.g. closed periods).
           */
          table: string;
          /**
           * Lock table column → column of this table; a row is locked when a lock row matches on all of them.
           */
          match: {
            [k: string]: string;
          };
          /**
           * What a refused write says (default: the row is locked).
           */
          message?: string;
          /**
           * Roles that may still change locked rows.
           */
          exemptRoles?: string[];
        }[];
        /**
         * Comment threads on rows (default: no comments).
         */
        comments?: {
          /**
           * Roles whose users may comment.
           *
           * @minItems 1
           */
          roles: string[];
          /**
           * Rows these roles may comment on (omit for every row they may read).
           */
          rows?: string;
        };
      };
    };
    /**
     * @minItems 1
     */
    pages: {
      id: string;
      title: string;
      /**
       * @minItems 1
       */
      blocks: (
        | {
            id: string;
            title?: string;
            type: "kpi";
            dataset: string;
            value: string;
            format?: "number" | "currency" | "percent";
            /**
             * ISO 4217 currency code (e.g. EUR); the value shows with its symbol (€).
             */
            currency?: string;
            /**
             * Suffix after the value, e.g. %, FTE, days.
             */
            unit?: string;
            /**
             * Digits after the decimal point (default: 2 for currency, else up to 2).
             */
            decimals?: number;
            /**
             * true: large values in compact notation (€1.2M); the exact value shows in a tooltip.
             */
            compact?: boolean;
            compare?: string;
            compareLabel?: string;
          }
        | {
            id: string;
            title?: string;
            type: "chart";
            dataset: string;
            chart: "line" | "bar";
            x: string;
            /**
             * @minItems 1
             */
            series: {
              column: string;
              label?: string;
            }[];
            /**
             * A column of the dataset: rows where it is true (or 1) stand out, the others fade (e.g. the scenario among the market).
             */
            highlight?: string;
          }
        | {
            id: string;
            title?: string;
            type: "table";
            dataset: string;
            /**
             * Columns in order (default: all): a column name, or { column, label, format, currency, link }.
             */
            columns?: (
              | string
              | {
                  /**
                   * Column of the dataset.
                   */
                  column: string;
                  /**
                   * Header (default: the column name in words, e.g. rows_changed → "Rows changed").
                   */
                  label?: string;
                  /**
                   * How values show (default: from the column type); percent: a ratio, 0.12 → 12%.
                   */
                  format?: "number" | "currency" | "percent" | "date" | "datetime" | "text";
                  /**
                   * format currency: ISO 4217 code (default: EUR).
                   */
                  currency?: string;
                  /**
                   * Renders the value as a link.
                   */
                  link?: {
                    /**
                     * Column holding a changeset id; the value links to #/~changesets/<id>.
                     */
                    changeset: string;
                  };
                }
            )[];
            /**
             * Clicking a row sets page variables from its values and brings the first grid of the page into view, filtered.
             */
            drill?: {
              /**
               * Page variable → column of the clicked row; the click sets these variables (filters).
               */
              params: {
                [k: string]: string;
              };
              /**
               * Line shown above the table (default: "Click a row to see its lines below.").
               */
              hint?: string;
            };
            /**
             * Rows can be ticked (shift-click ticks a range) and the action runs on them in one changeset, asking for its parameters.
             */
            select?: {
              /**
               * An action with a selection: it runs on the rows ticked here (the dataset's columns named like the selection table's key).
               */
              action: string;
              /**
               * Text on the button that runs it (default: the action title).
               */
              label?: string;
            };
          }
        | {
            id: string;
            title?: string;
            type: "grid";
            table: string;
            columns?: string[];
            /**
             * Rows fetched per request as the grid scrolls (it scrolls through every row).
             */
            pageSize?: number;
          }
        | {
            id: string;
            title?: string;
            type: "filter";
            param: string;
            label?: string;
            dataset?: string;
            valueColumn?: string;
            labelColumn?: string;
            /**
             * Value the page opens with (default: none, i.e. all).
             */
            default?: string | number | boolean;
            /**
             * true: the filter always holds a value (no "All" choice); set default too.
             */
            required?: boolean;
          }
        | {
            id: string;
            title?: string;
            type: "text";
            markdown: string;
          }
        | {
            id: string;
            title?: string;
            type: "matrix";
            /**
             * The writable table whose rows the matrix edits: one cell per row.
             */
            table: string;
            /**
             * Numeric column people type into (e.g. amount).
             */
            value: string;
            rows: {
              /**
               * Column of the table whose values are the members of this axis.
               */
              column: string;
              /**
               * Dataset listing the members in order, one row each (default: the values present in the table, sorted).
               */
              dataset?: string;
              /**
               * Column of the dataset holding the member's value (default: the same name as column).
               */
              key?: string;
              /**
               * Column of the dataset with the member's label (default: the value).
               */
              label?: string;
              /**
               * Column of the axis dataset grouping members under subtotals.
               */
              group?: string;
            };
            columns: {
              /**
               * Column of the table whose values are the members of this axis.
               */
              column: string;
              /**
               * Dataset listing the members in order, one row each (default: the values present in the table, sorted).
               */
              dataset?: string;
              /**
               * Column of the dataset holding the member's value (default: the same name as column).
               */
              key?: string;
              /**
               * Column of the dataset with the member's label (default: the value).
               */
              label?: string;
            };
          }
        | {
            id: string;
            title?: string;
            type: "form";
            /**
             * The writable table the form inserts into.
             */
            table: string;
            /**
             * insert: each submit adds one row.
             */
            mode?: "insert";
            /**
             * @minItems 1
             */
            fields: {
              /**
               * Column of the table this field sets.
               */
              column: string;
              label?: string;
              /**
               * Input kind (default: from the column type); month: a month picker writing the first day of the month.
               */
              input?: "text" | "number" | "date" | "month" | "select";
              /**
               * select: dataset whose rows are the options.
               */
              dataset?: string;
              /**
               * select: option value column (default: the field column).
               */
              valueColumn?: string;
              /**
               * select: option label column (default: the value column).
               */
              labelColumn?: string;
            }[];
            /**
             * approve: submit the row for approval; write: write it directly (default: approve when the table has approvals).
             */
            submit?: "approve" | "write";
            submitLabel?: string;
          }
        | {
            id: string;
            title?: string;
            type: "inputs";
            /**
             * The writable table whose row the inputs edit.
             */
            table: string;
            /**
             * Key column → page variable holding its value: the row edited is the one the page shows (e.g. the chosen scenario).
             */
            row: {
              [k: string]: string;
            };
            /**
             * @minItems 1
             */
            fields: {
              /**
               * Column of the row this input sets.
               */
              column: string;
              /**
               * Label (default: the column name in words).
               */
              label?: string;
              /**
               * slider: a range between min and max; select: a dropdown (options, or a dataset of them).
               */
              input?: "slider" | "number" | "select" | "text";
              min?: number;
              max?: number;
              /**
               * Step of a slider or number input (default: 1).
               */
              step?: number;
              /**
               * Shown after the value, e.g. €, km, kWh.
               */
              unit?: string;
              /**
               * select: the choices.
               *
               * @minItems 1
               */
              options?: (string | number)[];
              /**
               * select: dataset whose rows are the choices.
               */
              dataset?: string;
              /**
               * select with dataset: column of the value (default: the first).
               */
              valueColumn?: string;
              /**
               * select with dataset: column shown (default: the value).
               */
              labelColumn?: string;
            }[];
          }
        | {
            id: string;
            title?: string;
            type: "button";
            /**
             * Text on the button.
             */
            label: string;
            /**
             * The action of this app the button runs.
             */
            action: string;
            /**
             * Action parameters: a page variable name (its current value), or a literal.
             */
            params?: {
              [k: string]: string | number | boolean | null;
            };
            /**
             * Question asked before the action runs.
             */
            confirm?: string;
          }
      )[];
    }[];
    /**
     * Where approval events of this app are sent.
     */
    notifications?: {
      webhooks?: {
        /**
         * Receives a POST of JSON per event.
         */
        url: string;
        /**
         * Approval events to send.
         *
         * @minItems 1
         */
        events: (
          "submitted" | "approved" | "rejected" | "withdrawn" | "escalated" | "expired" | "applied" | "conflict"
        )[];
        /**
         * Environment variable holding the secret; the body is signed as X-Roundtrip-Signature: sha256=<hex HMAC>.
         */
        secretEnv?: string;
      }[];
      /**
       * E-mails sent through the project's smtp server.
       */
      email?: {
        /**
         * Approval events to e-mail.
         *
         * @minItems 1
         */
        events: (
          "submitted" | "approved" | "rejected" | "withdrawn" | "escalated" | "expired" | "applied" | "conflict"
        )[];
        /**
         * approvers: users holding a role of the level now waiting; submitter: the submitter; or one address. Users are reached at their email attribute.
         */
        to: "approvers" | "submitter" | string;
      }[];
    };
    /**
     * Action blocks: POST /api/apps/:app/actions/:action/run.
     */
    actions?: {
      [k: string]: {
        title?: string;
        /**
         * Roles that may run the action.
         *
         * @minItems 1
         */
        roles: string[];
        params?: {
          [k: string]: {
            type: "string" | "number" | "date" | "boolean";
            default?: string | number | boolean | null;
            required?: boolean;
            /**
             * Label of the input the run dialog shows (default: the name in words).
             */
            label?: string;
            /**
             * Choices offered in a dropdown, from a dataset of this app.
             */
            options?: {
              /**
               * Dataset whose rows are the choices.
               */
              dataset: string;
              /**
               * Column holding the value passed to the action.
               */
              value: string;
              /**
               * Column shown for each choice (default: the value).
               */
              label?: string;
            };
          };
        };
        /**
         * The action runs on rows people select (a table block with select): POST …/run with selection: [{ key columns }].
         */
        selection?: {
          /**
           * Writable table of this app whose rows are selected; the request names them by key.
           */
          table: string;
          /**
           * Most rows one run may change.
           */
          max?: number;
        };
        /**
         * Run in order; the first failing step stops the action and rolls back its write and sql steps.
         *
         * @minItems 1
         */
        steps: _Schema0[];
      };
    };
    /**
     * Excel and PowerPoint packs filled from live data: POST /api/apps/:app/exports/:export/run (and roundtrip export).
     */
    exports?: {
      [k: string]: {
        title: string;
        description?: string;
        /**
         * The template file (.xlsx or .pptx), relative to the project folder; everything in it that no fill targets is kept.
         */
        template: string;
        /**
         * Roles that may run the export.
         *
         * @minItems 1
         */
        roles: string[];
        /**
         * Export parameters (e.g. entity, year), passed on to the fills.
         */
        params?: {
          [k: string]: {
            type: "string" | "number" | "date" | "boolean";
            default?: string | number | boolean | null;
          };
        };
        /**
         * Download name; {param} is replaced by the parameter value (default: the export name and its parameters).
         */
        fileName?: string;
        /**
         * @minItems 1
         */
        fills: {
          /**
           * Where the data goes: in a workbook, a defined name or an Excel table (rows fill it from its top-left cell; a one-cell name takes one value); in a deck, a {{placeholder}} in any text, or the name of a table or a native chart (PowerPoint: Selection Pane).
           */
          target: string;
          /**
           * Dataset (or writable table) of this app, read under the exporting user’s read policies.
           */
          dataset?: string;
          /**
           * Instead of a dataset: one value (a literal, or ":name" for an export parameter), e.g. the year in a heading.
           */
          value?: string | number | boolean | null;
          /**
           * Dataset parameters.
           */
          params?: {
            /**
             * A literal, or ":name" for the value of the export parameter name.
             */
            [k: string]: string | number | boolean | null;
          };
          /**
           * Dataset columns in the order written (default: all, as the dataset returns them).
           *
           * @minItems 1
           */
          columns?: string[];
          /**
           * One-value targets (one-cell names, placeholders): the column read from the first row (default: the first).
           */
          column?: string;
          /**
           * Decks only: how numbers are written into text and tables (default: as the warehouse returns them).
           */
          format?: "number" | "integer" | "currency" | "percent" | "text";
        }[];
        /**
         * One file per value (e.g. per entity), delivered as one zip.
         */
        pack?: {
          /**
           * The export parameter that varies per file.
           */
          param: string;
          /**
           * Dataset whose rows give the values (one file each), read under the user’s read policies.
           */
          dataset: string;
          /**
           * The column of that dataset holding each value.
           */
          column: string;
        };
      };
    };
  };
  editable: {
    tables: {
      [k: string]: {
        /**
         * Columns the app exposes, or null for all of the warehouse table.
         */
        columns: string[] | null;
        approvals: {
          /**
           * Numeric column whose sum over the rows a submission inserts or updates (as written) is its amount.
           */
          amount?: string;
          /**
           * When true, users without an exempt role may only submit changes for approval; direct writes get 403 WF_APPROVAL_REQUIRED.
           */
          required?: boolean;
          /**
           * Roles that may write directly even when approval is required.
           */
          exemptRoles?: string[];
          /**
           * Approval levels in order; each applies when its `when` holds.
           *
           * @minItems 1
           */
          levels: {
            /**
             * Level name shown in the route, the inbox and approval_steps.
             */
            name: string;
            /**
             * Roles whose users approve this level.
             *
             * @minItems 1
             */
            roles: string[];
            /**
             * CEL over amount, user and changes; the level applies when true (omit: always).
             */
            when?: string;
            /**
             * any: one user with a role approves; all: every user with a role (except the submitter) must.
             */
            mode?: "any" | "all";
          }[];
          /**
           * A request waiting this long at one level escalates (escalateTo) or expires.
           */
          expiresAfterHours?: number;
          /**
           * Roles that take over a request that waited expiresAfterHours; without it the request expires.
           *
           * @minItems 1
           */
          escalateTo?: string[];
          /**
           * Who else may open this table's approval requests. Always: the submitter, admins, and, while a request is pending, the users (and their delegates) holding a role of a level still to approve.
           */
          visibleTo?: {
            /**
             * true: whoever approved or rejected a request keeps seeing it afterwards (default: only while a level of theirs waits).
             */
            reviewers?: boolean;
            /**
             * Roles whose users see every request of this table, in any state.
             */
            roles?: string[];
          };
        } | null;
        rules: {
          name?: string;
          /**
           * The column the rule checks and reports on.
           */
          column?: string;
          required?: boolean;
          min?: number;
          max?: number;
          minLength?: number;
          maxLength?: number;
          pattern?: string;
          /**
           * @minItems 1
           */
          allowed?: (string | number | boolean)[];
          lookup?: {
            table: string;
            column: string;
          };
          /**
           * Cross-field rule over row.*, old.* and user.*; true means valid.
           */
          check?: string;
          /**
           * Message shown when the rule fails.
           */
          message?: string;
        }[];
        write: {
          /**
           * @minItems 1
           */
          roles: string[];
          /**
           * @minItems 1
           */
          operations: ("insert" | "update" | "delete")[];
          /**
           * Columns these roles may set (inserts and updates).
           */
          columns?: string[];
          /**
           * Row policy over row.* and user.*; must hold before and after the change.
           */
          rows?: string;
          /**
           * These roles may make these changes only by submitting them for approval (the table needs approvals); a direct write is refused.
           */
          approvalOnly?: boolean;
        }[];
      };
    };
    actions: {
      [k: string]: {
        /**
         * Roles that may run the action.
         *
         * @minItems 1
         */
        roles: string[];
        /**
         * Run in order; the first failing step stops the action and rolls back its write and sql steps.
         *
         * @minItems 1
         */
        steps: _Schema0[];
      };
    };
  };
}

export interface DefinitionPreview {
  ok: boolean;
  issues: {
    file: string;
    line: number | null;
    path: string;
    message: string;
  }[];
  yaml: string;
  diff: string;
  /**
   * Where the sample submission would route, with the edits and before them.
   */
  routing?: {
    table: string;
    amount: number;
    route: string[];
    before: string[];
  };
}

export interface DefinitionSaveResult {
  ok: boolean;
  issues: {
    file: string;
    line: number | null;
    path: string;
    message: string;
  }[];
  yaml: string;
  diff: string;
  /**
   * Where the sample submission would route, with the edits and before them.
   */
  routing?: {
    table: string;
    amount: number;
    route: string[];
    before: string[];
  };
  hash: string;
}

export interface DefinitionEditRequest {
  /**
   * @maxItems 500
   */
  edits: {
    /**
     * @minItems 1
     * @maxItems 20
     */
    path: (string | number)[];
    value?: unknown;
    delete?: true;
  }[];
  sample?: {
    table?: string;
    amount: number;
  };
  baseHash?: string;
}

export interface NewUserRequest {
  /**
   * Login name.
   */
  username: string;
  displayName?: string;
  password: string;
  /**
   * Role names declared under roles.
   *
   * @minItems 1
   */
  roles: string[];
  attributes?: {
    [k: string]: string | number | boolean | (string | number)[];
  };
}

export interface UserEditRequest {
  displayName?: string;
  /**
   * Role names declared under roles.
   *
   * @minItems 1
   */
  roles?: string[];
  attributes?: {
    [k: string]: string | number | boolean | (string | number)[];
  };
  disabled?: boolean;
}

export interface AdminUserList {
  users: {
    username: string;
    displayName: string | null;
    roles: string[];
    attributes: {
      [k: string]: string | number | boolean | (string | number)[];
    };
    disabled: boolean;
    /**
     * config: declared in roundtrip.yaml; admin: created over the API; oidc: first signed in with single sign-on; embed: a viewer of an embedding (embeddings.<name>).
     */
    source: "config" | "admin" | "oidc" | "embed";
    createdAt: string;
    updatedAt: string;
  }[];
}

export interface AdminUserResponse {
  user: {
    username: string;
    displayName: string | null;
    roles: string[];
    attributes: {
      [k: string]: string | number | boolean | (string | number)[];
    };
    disabled: boolean;
    /**
     * config: declared in roundtrip.yaml; admin: created over the API; oidc: first signed in with single sign-on; embed: a viewer of an embedding (embeddings.<name>).
     */
    source: "config" | "admin" | "oidc" | "embed";
    createdAt: string;
    updatedAt: string;
  };
}

export interface DeclaredRoles {
  /**
   * The roles of roundtrip.yaml: the only roles a user may be given.
   */
  roles: {
    name: string;
    description: string | null;
  }[];
}

export interface AdminChanges {
  changes: {
    changeId: string;
    changedAt: string;
    /**
     * Who made the change.
     */
    username: string;
    kind: "user" | "token" | "app" | "project";
    target: string;
    oldValue: {
      [k: string]: unknown;
    } | null;
    newValue: {
      [k: string]: unknown;
    } | null;
  }[];
}

export interface NewTokenRequest {
  name: string;
  /**
   * App names, or ["*"] for every app the user may open.
   */
  apps: ["*"] | string[];
  access: "read" | "write";
  expiresInDays?: number;
}

export interface TokenList {
  tokens: {
    id: string;
    userId: string;
    name: string;
    /**
     * App names, or ["*"] for every app the user may open.
     */
    apps: string[];
    access: "read" | "write";
    createdAt: string;
    expiresAt: string | null;
    revokedAt: string | null;
    lastUsedAt: string | null;
  }[];
}

export interface TokenResponse {
  token: {
    id: string;
    userId: string;
    name: string;
    /**
     * App names, or ["*"] for every app the user may open.
     */
    apps: string[];
    access: "read" | "write";
    createdAt: string;
    expiresAt: string | null;
    revokedAt: string | null;
    lastUsedAt: string | null;
  };
}

export interface CreatedToken {
  token: {
    id: string;
    userId: string;
    name: string;
    /**
     * App names, or ["*"] for every app the user may open.
     */
    apps: string[];
    access: "read" | "write";
    createdAt: string;
    expiresAt: string | null;
    revokedAt: string | null;
    lastUsedAt: string | null;
  };
  /**
   * rt_<id>_<secret>: returned this once, only its hash is stored.
   */
  secret: string;
}
