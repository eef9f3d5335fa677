using System.Text.Json;

namespace Loyalty.Rules;

/// <summary>The JSON form of <see cref="MemberPeriodCap"/>: kind <c>"memberPeriodCap"</c>.</summary>
internal sealed class MemberPeriodCapJson() : EarnKind<MemberPeriodCap>(
    "memberPeriodCap",
    "At most this many points per member per calendar period of the program zone, from all purchases; the account keeps each period's total.",
    """
    {
      "properties": {
        "maxPoints": { "type": "integer", "minimum": 0 },
        "period": { "type": "string", "enum": ["month", "quarter", "year", "week", "day"] }
      },
      "required": ["maxPoints", "period"]
    }
    """)
{
    public override EarnPolicy Read(EarnReading reading, JsonObjectReader o, string id) => new MemberPeriodCap
    {
        Id = id,
        MaxPoints = new Points(o.Long("maxPoints", required: true) ?? 0),
        Period = o.Enum<CalendarPeriod>("period", required: true) ?? CalendarPeriod.Month,
    };

    protected override void Write(Utf8JsonWriter w, MemberPeriodCap cap)
    {
        w.WriteNumber("maxPoints", cap.MaxPoints.Value);
        w.WriteString("period", ProgramJson.Name(cap.Period));
    }
}
