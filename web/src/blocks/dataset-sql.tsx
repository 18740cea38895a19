import { CopyButton } from '../ui/copy-button';

/** A dataset's SQL, for the data team to read and reuse (sent to admins only). */
export function DatasetSql({ dataset, sql }: { dataset: string; sql: string }) {
  return (
    <div className="dataset-sql" data-testid={`sql-${dataset}`}>
      <div className="dataset-sql-header">
        <span className="muted">
          Dataset <code>{dataset}</code>
        </span>
        <CopyButton text={sql} label="Copy SQL" />
      </div>
      <pre className="sql-box">
        <code>{sql.trim()}</code>
      </pre>
    </div>
  );
}
