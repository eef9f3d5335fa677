using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// At most <see cref="MaxPoints"/> points per member per calendar <see cref="Period"/> of the program zone from the
/// whole program's purchases, after the per-transaction caps: "at most 5,000 points a month". The account keeps each
/// period's running total (<see cref="PeriodTallies"/>), so a purchase is capped by the period it happened in however
/// late it is delivered, and a purchase of a period the account has forgotten (older than its retention window)
/// earns nothing. A refund gives what it takes back to the period's room again. The evaluator alone reads the totals
/// from the member context (its `periodTallies`). Like every cap it stands at the end of the program and acts on the
/// rounded total; it takes no condition, since every purchase counts toward it.
/// </summary>
public sealed record MemberPeriodCap : EarnPolicy
{
    /// <summary>The most points a member earns from purchases in one period; not negative.</summary>
    public required Points MaxPoints { get; init; }

    /// <summary>The calendar period of the program zone the cap counts in. Default <see cref="CalendarPeriod.Month"/>.</summary>
    public CalendarPeriod Period { get; init; } = CalendarPeriod.Month;

    internal override bool IsCap => true;

    internal override EarnPolicy Freeze() => this;

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.NotNegative(path + ".maxPoints", MaxPoints.Value);
        if (!System.Enum.IsDefined(Period))
        {
            check.Fail(path + ".period", $"'{Period}' is not a calendar period.");
        }

        if (When is not null)
        {
            check.Fail(path + ".when", "a per-member period cap counts every purchase of the period: it takes no condition.");
        }
    }

    internal override Step Compile(CompileContext context)
    {
        context.UsesLocalDate = true;
        return new MemberPeriodCapStep(this, context);
    }
}
