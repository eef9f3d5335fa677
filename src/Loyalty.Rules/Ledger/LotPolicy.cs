using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// How points become lots: how long they stay pending (the returns window) and when they expire. The program has a
/// default; a rule may have its own (promotional points that expire in 30 days while base points last 12 months).
/// </summary>
public sealed record LotPolicy
{
    /// <summary>Available at once, never expiring: the default.</summary>
    public static LotPolicy Default { get; } = new();

    /// <summary>
    /// Days a lot stays pending after the local date it was earned on: earned on D with 14 days pending, it becomes
    /// spendable at the start of local date D + 15 (the whole returns window passes first). 0 for at once.
    /// </summary>
    public int PendingDays { get; init; }

    /// <summary>When lots expire. Default <see cref="ExpiryPolicy.Never"/>.</summary>
    public ExpiryPolicy Expiry { get; init; } = ExpiryPolicy.Never;

    internal void Validate(ProgramCheck check, string path)
    {
        if (PendingDays < 0)
        {
            check.Fail(path + ".pendingDays", $"must not be negative, was {PendingDays}.");
        }

        if (Expiry is null)
        {
            check.Fail(path + ".expiry", "is required.");
        }
        else
        {
            Expiry.Validate(check, path + ".expiry");
        }
    }

    internal Instant AvailableAt(LocalDate earnedOn, Instant earnedAt, DateTimeZone zone)
        => PendingDays == 0 ? earnedAt : ExpiryPolicy.StartOf(earnedOn.PlusDays(PendingDays + 1), zone);
}
