// Join asks for a workshop's join code (shown on the big screen) and goes to
// its participant page. No account is needed.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/fields';
import { useFormErrors } from '../components/formErrors';
import { Page } from '../components/Page';

export default function Join() {
  const [code, setCode] = useState('');
  const form = useFormErrors();
  const { route } = useLocation();

  function submit(e: Event) {
    e.preventDefault();
    const clean = code.toUpperCase().replace(/[\s-]/g, '');
    if (!/^[A-Z0-9]{4,12}$/.test(clean)) {
      form.setErrors([{ field: 'code', message: 'Enter the join code shown on the screen, for example K7MQ2P' }]);
      return;
    }
    route(`/join/${clean}`);
  }

  return (
    <Page title="Join a workshop">
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <TextField id="code" label="Join code" hint="The 6 letters and numbers on the presenter's screen" widthClass="nhsuk-input--width-10" value={code} onValue={setCode} autoComplete="off" spellcheck={false} error={form.fieldError('code')} />
        <button class="nhsuk-button" type="submit">
          Join
        </button>
      </form>
    </Page>
  );
}
