/** The header cell over a table's row buttons: announced, not shown. */
export function ActionsHeader() {
  return (
    <th scope="col" className="table__actions">
      <span className="visually-hidden">Actions</span>
    </th>
  );
}
