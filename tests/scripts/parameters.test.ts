import { expect } from 'chai';
import { injectParameters, parseAssignments, parseParameters, ParameterError } from '../../scripts/parameters';

const CELL = `/** Small, fast settings. */
const smoke: boolean = false;
const lr: number = 0.1;
const epochs: number = smoke ? 2 : 100;
const activation: 'relu' | 'sigmoid' = 'relu';
const name: string = 'run';
const sizes: number[] = [4, 4];
`;

function overrides(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

describe('parameters', () => {
  it('reads each declared parameter with its type, default and references', () => {
    const params = parseParameters(CELL);
    expect(params.map((p) => p.name)).to.deep.equal(['smoke', 'lr', 'epochs', 'activation', 'name', 'sizes']);
    expect(params[2]).to.deep.equal({ name: 'epochs', type: 'number', initializer: 'smoke ? 2 : 100', references: ['smoke'] });
  });

  it('rejects a parameter without a type annotation, naming it', () => {
    expect(() => parseParameters('const lr = 0.1;')).to.throw(ParameterError, "parameter 'lr' needs a type");
  });

  it('rejects statements other than declarations', () => {
    expect(() => parseParameters('const a: number = 1;\nconsole.log(a);')).to.throw(ParameterError, 'may only declare variables');
  });

  it('evaluates the defaults when nothing is overridden', () => {
    const { values, source } = injectParameters(CELL, new Map());
    expect(values).to.deep.equal({ smoke: false, lr: 0.1, epochs: 100, activation: 'relu', name: 'run', sizes: [4, 4] });
    expect(source.split('\n')).to.have.length(1); // only the comment line
  });

  it('injects a typed redeclaration for a number override', () => {
    const { values, source } = injectParameters(CELL, overrides({ lr: '0.05' }));
    expect(source).to.contain('const lr: number = 0.05;');
    expect(values.lr).to.equal(0.05);
  });

  it('re-declares parameters whose defaults depend on an overridden one', () => {
    const { values, source } = injectParameters(CELL, overrides({ smoke: 'true' }));
    expect(source).to.contain('const smoke: boolean = true;');
    expect(source).to.contain('const epochs: number = smoke ? 2 : 100;');
    expect(values.epochs).to.equal(2);
  });

  it('lets an explicit value win over one derived from smoke', () => {
    const { values } = injectParameters(CELL, overrides({ smoke: 'true', epochs: '7' }));
    expect(values.epochs).to.equal(7);
  });

  it('quotes bare words for string parameters and checks literal unions', () => {
    expect(injectParameters(CELL, overrides({ activation: 'sigmoid' })).values.activation).to.equal('sigmoid');
    expect(injectParameters(CELL, overrides({ name: 'my run' })).values.name).to.equal('my run');
    expect(() => injectParameters(CELL, overrides({ activation: 'tanh' }))).to.throw(ParameterError, "parameter 'activation' is 'relu' | 'sigmoid'");
  });

  it('accepts array literals for array parameters', () => {
    expect(injectParameters(CELL, overrides({ sizes: '[8, 16, 8]' })).values.sizes).to.deep.equal([8, 16, 8]);
  });

  it('rejects a value of the wrong type with the expected type in the message', () => {
    expect(() => injectParameters(CELL, overrides({ lr: 'fast' }))).to.throw(ParameterError, "parameter 'lr' is number, and 'fast' is not one");
    expect(() => injectParameters(CELL, overrides({ smoke: '1' }))).to.throw(ParameterError, "parameter 'smoke' is boolean");
  });

  it('rejects an unknown parameter and lists the valid ones', () => {
    let message = '';
    try {
      injectParameters(CELL, overrides({ learning_rate: '0.1' }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.contain("unknown parameter 'learning_rate'");
    expect(message).to.contain('  lr: number = 0.1');
    expect(message).to.contain("  activation: 'relu' | 'sigmoid' = 'relu'");
  });

  it('splits KEY=VALUE arguments, keeping later = signs in the value', () => {
    expect([...parseAssignments(['lr=0.1', 'name=a=b'])]).to.deep.equal([['lr', '0.1'], ['name', 'a=b']]);
    expect(() => parseAssignments(['lr'])).to.throw(ParameterError, 'is not KEY=VALUE');
  });
});
