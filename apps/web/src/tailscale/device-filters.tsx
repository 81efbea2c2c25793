import { Field } from '../ui/field';
import { ClearFilters, FilterSelect } from '../ui/filter-select';
import { NO_DEVICE_FILTERS, type DeviceFilterValues } from './device-view.util';

/** Status, OS, tag and a search over names, addresses and users; the API applies them. */
export function DeviceFilters({ filters, options, onChange }: { filters: DeviceFilterValues; options: { os: string[]; tags: string[] }; onChange: (next: DeviceFilterValues) => void }) {
  return (
    <form className="card filters device-filters" aria-label="Filter the devices" onSubmit={(event) => event.preventDefault()} data-testid="device-filters">
      <Field label="Search">
        <input className="input" type="search" placeholder="Name, address or user" value={filters.search} onChange={(event) => onChange({ ...filters, search: event.target.value })} />
      </Field>
      <Field label="Status">
        <select className="input" value={filters.status} onChange={(event) => onChange({ ...filters, status: event.target.value as DeviceFilterValues['status'] })}>
          <option value="">Online and offline</option>
          <option value="online">Online</option>
          <option value="offline">Offline</option>
        </select>
      </Field>
      <FilterSelect label="OS" value={filters.os} anyLabel="Any OS" options={options.os} onChange={(os) => onChange({ ...filters, os })} />
      <FilterSelect label="Tag" value={filters.tag} anyLabel="Any tag" options={options.tags} onChange={(tag) => onChange({ ...filters, tag })} />
      <ClearFilters onClear={() => onChange(NO_DEVICE_FILTERS)} />
    </form>
  );
}
