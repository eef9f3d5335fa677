using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>
/// When members are reminded of what is about to expire: <see cref="DaysBefore"/> days before points expire (each
/// expiry instant of the member's lots) and before a voucher expires (the start of the day after its last valid day),
/// each reminder once (<see cref="LedgerProcessor.RemindersDue"/>).
/// </summary>
public sealed record ReminderPolicy
{
    /// <summary>The days before an expiry a reminder is due, e.g. 30 and 7; each from 1 to <see cref="ProgramLimits.MaxDays"/>, no day twice.</summary>
    public required ImmutableArray<int> DaysBefore { get; init; }

    /// <summary>Whether points about to expire are reminded of. Default true.</summary>
    public bool Points { get; init; } = true;

    /// <summary>Whether vouchers about to expire are reminded of. Default true.</summary>
    public bool Vouchers { get; init; } = true;

    /// <inheritdoc />
    public bool Equals(ReminderPolicy? other)
        => other is not null && Points == other.Points && Vouchers == other.Vouchers && DaysBefore.SequenceEqual(other.DaysBefore);

    /// <inheritdoc />
    public override int GetHashCode() => System.HashCode.Combine(Points, Vouchers, DaysBefore.Length);

    internal void Validate(ProgramCheck check, string path)
    {
        if (DaysBefore.IsDefaultOrEmpty)
        {
            check.Fail(path + ".daysBefore", "must list at least one day.");
            return;
        }

        for (int i = 0; i < DaysBefore.Length; i++)
        {
            if (DaysBefore[i] < 1 || DaysBefore[i] > ProgramLimits.MaxDays)
            {
                check.Fail($"{path}.daysBefore[{i}]", string.Create(CultureInfo.InvariantCulture, $"must be 1 to {ProgramLimits.MaxDays}, was {DaysBefore[i]}."));
            }
            else if (DaysBefore.IndexOf(DaysBefore[i]) < i)
            {
                check.Fail($"{path}.daysBefore[{i}]", string.Create(CultureInfo.InvariantCulture, $"{DaysBefore[i]} is listed twice."));
            }
        }

        if (!Points && !Vouchers)
        {
            check.Fail(path, "reminds of nothing: set points or vouchers.");
        }
    }
}

/// <summary>What a <see cref="ExpiryReminder"/> is about.</summary>
public enum ReminderSubject
{
    /// <summary>Points that expire at one instant.</summary>
    Points,

    /// <summary>A voucher.</summary>
    Voucher,
}

/// <summary>A reminder due for the host to send: what expires, when, and how many days before it the reminder is.</summary>
/// <param name="Id">The reminder's id, the same each time it is listed (<c>points@{expiry}/{days}d</c>, <c>voucher:{id}/{days}d</c>); the account remembers it once sent.</param>
/// <param name="Subject">Points or a voucher.</param>
/// <param name="DaysBefore">The policy's day this reminder is for.</param>
/// <param name="DueAt">When it is due: the start of the local day <paramref name="DaysBefore"/> days before the day of <paramref name="ExpiresAt"/>.</param>
/// <param name="ExpiresAt">When the points or the voucher expire.</param>
/// <param name="Points">For points, how many expire then (as the account stands); for a voucher, 0.</param>
/// <param name="VoucherId">For a voucher, its id; else null.</param>
public sealed record ExpiryReminder(string Id, ReminderSubject Subject, int DaysBefore, NodaTime.Instant DueAt, NodaTime.Instant ExpiresAt, Points Points, string? VoucherId);

/// <summary>The reminders <see cref="LedgerProcessor.RemindersDue"/> found, and the account that remembers them as sent.</summary>
public sealed class DueReminders
{
    internal DueReminders(ImmutableArray<ExpiryReminder> reminders, MemberAccount account)
    {
        Reminders = reminders;
        Account = account;
    }

    /// <summary>The reminders due, by due instant (then id); each listed once over all calls with the stored <see cref="Account"/>.</summary>
    public ImmutableArray<ExpiryReminder> Reminders { get; }

    /// <summary>The account remembering these reminders as sent: store it once they are sent (the same account when none is due).</summary>
    public MemberAccount Account { get; }
}
