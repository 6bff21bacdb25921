using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace AdPilot.Storage.Connections;

/// <summary>
/// Runs one statement once per row on a single command whose parameters are made once and rebound for every row: a
/// large write (a store-hour's rewards, a backfill's orders) without a parameter object per value and row, which is
/// what Dapper's per-row execution allocates. On SQLite the statement is compiled once and executed synchronously (the
/// provider's async calls are synchronous anyway).
/// </summary>
internal static class EachRow
{
    /// <summary>Executes <paramref name="sql"/> once per row, in the caller's transaction.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="connection">The open connection.</param>
    /// <param name="transaction">The transaction the rows are written in.</param>
    /// <param name="sql">The statement, naming its parameters <c>@name</c>.</param>
    /// <param name="names">The parameter names, without the prefix, in the order <paramref name="bind"/> fills them.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="bind">Sets every parameter's value for a row (null is written as NULL).</param>
    /// <param name="cancellationToken">Cancels between rows.</param>
    /// <returns>The rows affected, summed.</returns>
    public static async Task<int> ExecuteAsync<T>(
        DbConnection connection,
        DbTransaction transaction,
        string sql,
        string[] names,
        IEnumerable<T> rows,
        Action<T, object?[]> bind,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameters = new DbParameter[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = names[i];
            command.Parameters.Add(parameters[i]);
        }

        var sqlite = connection is SqliteConnection;
        var values = new object?[names.Length];
        var affected = 0;
        var count = 0;
        foreach (var row in rows)
        {
            if ((count++ & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Array.Clear(values);
            bind(row, values);
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            affected += sqlite
                ? command.ExecuteNonQuery()
                : await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return affected;
    }
}
