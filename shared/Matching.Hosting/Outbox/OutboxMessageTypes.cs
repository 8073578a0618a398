namespace Matching.Hosting.Outbox;

/// <summary>
/// The messages a service may put in its outbox, as it lists them in <c>AddServiceDefaults</c>. A row names its
/// message by full type name, the name MassTransit routes by, so rows written before a deployment still relay after it.
/// </summary>
internal sealed class OutboxMessageTypes
{
    private readonly Dictionary<string, Type> byName = new(StringComparer.Ordinal);

    public OutboxMessageTypes(IEnumerable<Type> types)
    {
        foreach (var type in types)
        {
            if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters)
                throw new ArgumentException($"{type} cannot be published: a message is a concrete, closed class", nameof(types));
            if (!byName.TryAdd(NameOf(type), type))
                throw new ArgumentException($"{type} is listed twice", nameof(types));
        }
    }

    public static string NameOf(Type type) => type.FullName!;

    public bool Contains(Type type) => byName.TryGetValue(NameOf(type), out var listed) && listed == type;

    public Type? Find(string name) => byName.GetValueOrDefault(name);
}
