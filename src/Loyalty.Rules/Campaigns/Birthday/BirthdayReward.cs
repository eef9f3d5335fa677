using System.Globalization;
using Loyalty.Rules.Accrual;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Which days around a member's birthday a <see cref="BirthdayReward"/> covers.</summary>
public enum BirthdayWindow
{
    /// <summary>The birthday itself.</summary>
    Day,

    /// <summary>The birthday and the six local days after it.</summary>
    Week,

    /// <summary>The calendar month of the birthday.</summary>
    Month,
}

/// <summary>
/// A birthday reward, decided by the member's birthday (<see cref="MemberContext.Birthday"/>, an <see cref="AnnualDate"/>)
/// in the program's zone: either fixed points, paid once per member per year on the first purchase in the window (the
/// account remembers the year), or a multiplier on every purchase in the window. A birthday on 29 February falls on
/// 28 February in common years (NodaTime's <c>AnnualDate.InYear</c>). A week that starts in late December runs into
/// January and still counts for the year it started in.
/// </summary>
public sealed record BirthdayReward : EarnPolicy
{
    /// <summary>The days covered. Default the birthday itself.</summary>
    public BirthdayWindow Window { get; init; } = BirthdayWindow.Day;

    /// <summary>Points paid once per year (0 for none); never multiplied.</summary>
    public Points Points { get; init; }

    /// <summary>A multiplier on every purchase in the window, or null.</summary>
    public decimal? Factor { get; init; }

    internal override EarnPolicy Freeze() => this with { When = FrozenWhen };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        if (!System.Enum.IsDefined(Window))
        {
            check.Fail(path + ".window", $"'{Window}' is not a birthday window.");
        }

        if ((Points.Value > 0) == Factor.HasValue)
        {
            check.Fail(path, "pays either points (once a year) or a factor (on every purchase in the window), exactly one.");
        }

        check.Award(path + ".points", Points, zeroAllowed: true);

        if (Factor is { } factor)
        {
            check.Factor(path + ".factor", factor);
        }
    }

    /// <summary>The year of the birthday whose window holds <paramref name="date"/>, or null when none does.</summary>
    /// <param name="birthday">The member's birthday.</param>
    /// <param name="date">The local date.</param>
    /// <returns>The year the covering birthday falls in, or null.</returns>
    public int? Occurrence(AnnualDate birthday, LocalDate date)
    {
        for (int year = date.Year; year >= date.Year - 1; year--)
        {
            var start = birthday.InYear(year);
            var end = Window switch
            {
                BirthdayWindow.Week => start.PlusDays(6),
                BirthdayWindow.Month => start.With(DateAdjusters.EndOfMonth),
                _ => start,
            };
            var first = Window == BirthdayWindow.Month ? start.With(DateAdjusters.StartOfMonth) : start;
            if (first <= date && date <= end)
            {
                return year;
            }
        }

        return null;
    }

    internal override decimal StackFactor => Factor ?? 1m;

    internal override Step Compile(CompileContext context)
    {
        context.UsesLocalDate = true;
        return new BirthdayStep(this, context);
    }

    internal string Reason(int year) => Factor is { } factor
        ? string.Create(CultureInfo.InvariantCulture, $"x{EarnRate.Number(factor)} {Label} (birthday {Words()} {year})")
        : string.Create(CultureInfo.InvariantCulture, $"+{Points} {Label} (birthday {Words()} {year}, once a year)");

    private string Words() => Window switch { BirthdayWindow.Week => "week", BirthdayWindow.Month => "month", _ => "day" };
}
