using NodaTime;

namespace Loyalty.Rules;

/// <summary>What happens to refunded points that the member already spent.</summary>
public enum RefundShortfall
{
    /// <summary>Take them from the member's other lots (soonest-expiring first); what is still missing is written off.</summary>
    ClawBack,

    /// <summary>The member's balance goes negative (debt) until later earning repays it.</summary>
    Debt,

    /// <summary>The program absorbs them; the entry says so.</summary>
    WriteOff,
}

/// <summary>Refunds, idempotence and how long the account remembers what it needs for them.</summary>
public sealed record LedgerPolicy
{
    /// <summary>Claw back, 90 days of remembered event ids, refunds within 365 days: the default.</summary>
    public static LedgerPolicy Default { get; } = new();

    /// <summary>What to do when refunded points were already spent. Default <see cref="RefundShortfall.ClawBack"/>.</summary>
    public RefundShortfall Shortfall { get; init; } = RefundShortfall.ClawBack;

    /// <summary>
    /// How long the account remembers applied event ids (a re-delivered event inside it is a no-op reported as a
    /// duplicate). Ids that a live lot references are remembered as long as the lot lives. Default 90 days.
    /// </summary>
    public Period Retention { get; init; } = Period.FromDays(90);

    /// <summary>How long after a purchase a refund can be processed (the account keeps what it needs). Default 365 days.</summary>
    public Period RefundWindow { get; init; } = Period.FromDays(365);

    /// <summary>
    /// The shortest stretch of past events the account is sure to remember: the retention counted back from the
    /// shortest months, less a day for the start-of-day cut and a daylight-saving hour.
    /// </summary>
    internal Duration RetainedSpan
    {
        get
        {
            var reference = new LocalDate(2001, 3, 1); // a month back from 1 March is the shortest month
            int days = Period.DaysBetween(reference.Minus(Retention), reference);
            return Duration.FromDays(System.Math.Max(0, days - 1));
        }
    }

    internal void Validate(ProgramCheck check, string path)
    {
        if (!System.Enum.IsDefined(Shortfall))
        {
            check.Fail(path + ".shortfall", $"'{Shortfall}' is not a refund shortfall policy.");
        }

        ExpiryPolicy.CheckPositive(check, path + ".retention", Retention);
        ExpiryPolicy.CheckPositive(check, path + ".refundWindow", RefundWindow);
    }
}
