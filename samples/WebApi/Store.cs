using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Loyalty.Rules.Samples.WebApi;

/// <summary>
/// Accounts, ledger entries and campaign budgets in SQLite (created on first run). Each event is read, applied and
/// written in one immediate transaction: the budget claims it makes are decided against what is left and subtracted,
/// the account and its entries written, all together or not at all; the unique key on entry ids refuses an event
/// applied twice, and a budget can never go below zero (a check constraint).
/// </summary>
public sealed class Store
{
    private readonly string connectionString;

    public Store(string path, LoyaltyProgram program)
    {
        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS accounts (member_id TEXT PRIMARY KEY, account TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS entries (
              id TEXT PRIMARY KEY, member_id TEXT NOT NULL, kind TEXT NOT NULL, points INTEGER NOT NULL,
              at TEXT NOT NULL, lot_id TEXT, reason TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS budgets (offer_id TEXT PRIMARY KEY, points_left INTEGER NOT NULL CHECK (points_left >= 0));
            """;
        command.ExecuteNonQuery();
        foreach (var offer in program.BudgetedOffers)
        {
            using var seed = connection.CreateCommand();
            seed.CommandText = "INSERT OR IGNORE INTO budgets (offer_id, points_left) VALUES ($o, $p)";
            seed.Parameters.AddWithValue("$o", offer.Id);
            seed.Parameters.AddWithValue("$p", offer.Budget!.Points.Value);
            seed.ExecuteNonQuery();
        }
    }

    /// <summary>Reads a member's account (a new one if none is stored).</summary>
    public MemberAccount Read(string memberId)
    {
        using var connection = Open();
        return Read(connection, null, memberId);
    }

    /// <summary>
    /// Applies one event to a member's account and stores the result, all in one database transaction; the budget claims
    /// the event makes are decided against what is left and subtracted inside it (the callback's decide function).
    /// </summary>
    public LedgerOutcome Apply(string memberId, Func<MemberAccount, Func<BudgetClaim, BudgetClaim>, LedgerOutcome> process)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var outcome = process(Read(connection, transaction, memberId), claim =>
        {
            var decided = claim.Decide(BudgetLeft(connection, transaction, claim.OfferId));
            using var spend = connection.CreateCommand();
            spend.Transaction = transaction;
            spend.CommandText = "UPDATE budgets SET points_left = points_left - $g WHERE offer_id = $o";
            spend.Parameters.AddWithValue("$g", decided.Granted.Value);
            spend.Parameters.AddWithValue("$o", claim.OfferId);
            spend.ExecuteNonQuery();
            return decided;
        });
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
                insert.Parameters.AddWithValue("$p", entry.Points.Value);
                insert.Parameters.AddWithValue("$at", entry.At.ToString("g", CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$lot", (object?)entry.LotId ?? DBNull.Value);
                insert.Parameters.AddWithValue("$r", entry.Reason);
                insert.ExecuteNonQuery(); // a duplicate entry id throws: the transaction rolls back, nothing is half-applied
            }
        }

        transaction.Commit();
        return outcome;
    }

    /// <summary>What is left of an offer's budget.</summary>
    public long BudgetLeft(string offerId)
    {
        using var connection = Open();
        return BudgetLeft(connection, null, offerId);
    }

    private static long BudgetLeft(SqliteConnection connection, SqliteTransaction? transaction, string offerId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT points_left FROM budgets WHERE offer_id = $o";
        command.Parameters.AddWithValue("$o", offerId);
        return (long)command.ExecuteScalar()!;
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
