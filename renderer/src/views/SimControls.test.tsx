// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LabStatus } from '../../../core/api/contract';
import { LabClientContext } from '../api/context';
import type { LabClient } from '../api/client';
import { useLive } from '../stores/live';
import { SimControls } from './SimControls';

const running: LabStatus = {
  running: true,
  profile: 'servo',
  machines: 2,
  machineNames: ['M-001', 'M-002'],
  sensors: ['temperature', 'vibration', 'rpm'],
  speed: 1,
  stored: 0,
  quarantined: 0,
  events: 0,
  rate: 0,
  lastError: null,
};

function renderWith(client: Partial<LabClient>) {
  return render(
    <LabClientContext.Provider value={client as LabClient}>
      <SimControls />
    </LabClientContext.Provider>,
  );
}

afterEach(cleanup);

describe('SimControls', () => {
  it('shows an inline error for a bad value and does not call the engine', () => {
    const simulationStart = vi.fn();
    renderWith({ simulationStart });
    fireEvent.change(screen.getByLabelText('Machines'), { target: { value: 'lots' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(screen.getByRole('alert').textContent).toBe('a whole number from 1 to 500');
    expect(screen.getByLabelText('Machines').getAttribute('aria-invalid')).toBe('true');
    expect(simulationStart).not.toHaveBeenCalled();
  });

  it('starts a validated simulation and subscribes to its first series', async () => {
    const simulationStart = vi.fn(async () => running);
    const liveSubscribe = vi.fn(async () => ({ series: 6 }));
    renderWith({ simulationStart, liveSubscribe });
    fireEvent.change(screen.getByLabelText('Machines'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    await vi.waitFor(() => expect(liveSubscribe).toHaveBeenCalled());
    expect(simulationStart).toHaveBeenCalledWith({ profile: 'servo', machines: 2, seed: 42, speed: 1, faults: 'none' });
    expect(liveSubscribe.mock.calls[0]).toEqual([{ series: ['M-001', 'M-002'].flatMap((machine) => ['temperature', 'vibration', 'rpm'].map((sensor) => ({ machine, sensor }))) }]);
    expect(useLive.getState().machines).toEqual(['M-001', 'M-002']);
    expect(await screen.findByRole('button', { name: 'Stop' })).toBeTruthy();
  });
});
