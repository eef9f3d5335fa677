using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Loyalty.Rules.Samples.WebApi;

/// <summary>
/// Accounts and ledger entries in SQLite (created on first run). Each event is read, applied and written in one
/// immediate transaction: the account and its entries land together or not at all, and the unique key on entry ids
/// refuses an event applied twice.
/// </summary>
public sealed class Store
{
    private readonly string connectionString;

    public Store(string path)
    {
        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS accounts (member_id TEXT PRIMARY KEY, account TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS entries (
              id TEXT PRIMARY KEY, member_id TEXT NOT NULL, kind TEXT NOT NULL, points INTEGER NOT NULL,
              at TEXT NOT NULL, lot_id TEXT, reason TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Reads a member's account (a new one if none is stored).</summary>
    public MemberAccount Read(string memberId)
    {
        using var connection = Open();
        return Read(connection, null, memberId);
    }

    /// <summary>Applies one event to a member's account and stores the result, all in one database transaction.</summary>
    public LedgerOutcome Apply(string memberId, Func<MemberAccount, LedgerOutcome> process)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var outcome = process(Read(connection, transaction, memberId));
        if (outcome.Status is LedgerStatus.Applied or LedgerStatus.Held)
        {
            using (var upsert = connection.CreateCommand())
            {
                upsert.Transaction = transaction;
                upsert.CommandText = "INSERT INTO accounts (member_id, account) VALUES ($m, $a) ON CONFLICT(member_id) DO UPDATE SET account = $a";
                upsert.Parameters.AddWithValue("$m", memberId);
                upsert.Parameters.AddWithValue("$a", outcome.Account.ToJson());
                upsert.ExecuteNonQuery();
            }

            foreach (var entry in outcome.Entries)
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO entries (id, member_id, kind, points, at, lot_id, reason) VALUES ($id, $m, $k, $p, $at, $lot, $r)";
                insert.Parameters.AddWithValue("$id", entry.Id);
                insert.Parameters.AddWithValue("$m", memberId);
                insert.Parameters.AddWithValue("$k", entry.Kind.ToString());
                insert.Parameters.AddWithValue("$p", entry.Points);
                insert.Parameters.AddWithValue("$at", entry.At.ToString("g", CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$lot", (object?)entry.LotId ?? DBNull.Value);
                insert.Parameters.AddWithValue("$r", entry.Reason);
                insert.ExecuteNonQuery(); // a duplicate entry id throws: the transaction rolls back, nothing is half-applied
            }
        }

        transaction.Commit();
        return outcome;
    }

    /// <summary>How many ledger entries a member has.</summary>
    public long EntryCount(string memberId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM entries WHERE member_id = $m";
        command.Parameters.AddWithValue("$m", memberId);
        return (long)command.ExecuteScalar()!;
    }

    private static MemberAccount Read(SqliteConnection connection, SqliteTransaction? transaction, string memberId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT account FROM accounts WHERE member_id = $m";
        command.Parameters.AddWithValue("$m", memberId);
        return command.ExecuteScalar() is string json ? MemberAccount.FromJson(json) : MemberAccount.Open(memberId);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
