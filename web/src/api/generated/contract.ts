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
        }
      | {
          id: string;
          title?: string;
          type: "table";
          dataset: string;
          columns?: string[];
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
        };
      };
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
      }
    | {
        id: string;
        title?: string;
        type: "table";
        dataset: string;
        columns?: string[];
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
    }
  | {
      id: string;
      title?: string;
      type: "table";
      dataset: string;
      columns?: string[];
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

export interface ActionRunRequest {
  /**
   * Values of the action's declared parameters.
   */
  params?: {
    [k: string]: string | number | boolean | null;
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
  }[];
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
     * config: declared in roundtrip.yaml; admin: created over the API; oidc: first signed in with single sign-on.
     */
    source: "config" | "admin" | "oidc";
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
     * config: declared in roundtrip.yaml; admin: created over the API; oidc: first signed in with single sign-on.
     */
    source: "config" | "admin" | "oidc";
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
