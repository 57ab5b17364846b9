import { render } from 'preact';
import { App } from './app';
import './styles/main.scss';

render(<App />, document.getElementById('app')!);
