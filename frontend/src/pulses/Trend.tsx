// TrendPanel shows "feel ready" across pulses for a group, oldest first, and says the
// change in words ("Feeling ready rose from 42% to 67% among ...").
import { useState } from 'preact/hooks';
import { DataTable } from '../components/DataTable';
import { SelectField } from '../components/fields';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import type { Organisation } from '../organisations/api';
import { pulseTrend } from './api';
import { when } from './words';

export function TrendPanel({ organisations, groups }: { organisations: Organisation[]; groups: string[] }) {
  const [org, setOrg] = useState('');
  const [group, setGroup] = useState('');
  const trend = useResource(() => pulseTrend({ organisation_id: org, staff_group: group }), [org, group]);
  return (
    <>
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-one-half">
          <SelectField id="trend-organisation" label="Organisation" value={org} options={[{ value: '', label: 'All organisations' }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))]} onValue={setOrg} />
        </div>
        <div class="nhsuk-grid-column-one-half">
          <SelectField id="trend-staff-group" label="Staff group" value={group} options={[{ value: '', label: 'All staff groups' }, ...groups.map((g) => ({ value: g, label: g }))]} onValue={setGroup} />
        </div>
      </div>
      {trend.error ? (
        <LoadError error={trend.error} />
      ) : !trend.data ? (
        <Loading what="Loading the trend" />
      ) : (
        <>
          <p class="nhsuk-body-l" role="status" data-testid="trend-summary">
            {trend.data.summary}
          </p>
          {trend.data.points.length > 0 && (
            <DataTable
              caption="Feeling ready by pulse"
              rows={trend.data.points}
              rowKey={(p) => p.pulse_id}
              columns={[
                { header: 'Pulse', rowHeader: true, cell: (p) => <a href={`/pulses/${p.pulse_id}`}>{p.title}</a> },
                { header: 'Opened', cell: (p) => when(p.opens_at) },
                { header: 'Answered', numeric: true, cell: (p) => (p.answered === null ? p.answered_text : p.answered.toLocaleString('en-GB')) },
                { header: 'Feel ready', numeric: true, cell: (p) => (p.ready_percent === null ? 'not shown' : `${p.ready_percent}%`) },
              ]}
            />
          )}
        </>
      )}
    </>
  );
}
