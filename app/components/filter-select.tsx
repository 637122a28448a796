/** A labelled select for a list's GET filter form; the empty first option means "no filter". */
export function FilterSelect(props: { name: string; label: string; value: string | undefined; any: string; options: ReadonlyArray<readonly [string, string]> }) {
  return (
    <label>
      {props.label}
      <select name={props.name} defaultValue={props.value ?? ""}>
        <option value="">{props.any}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
